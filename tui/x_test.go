package tui
import ("testing";"fmt";"github.com/charmbracelet/x/ansi")
func TestX(t *testing.T){
	m := newDemoFlow(t)
	m.SetSize(80, 21)
	m, _ = pumpFlow(m, m.Start("alice-oauth", ""))
	m = pressFlow(m, keyChar('p'), keyChar('p'))
	fmt.Println(ansi.Strip(m.View()))
	m = pressFlow(m, keyChar('p'))
	fmt.Println(ansi.Strip(m.View()))
	m, _ = pumpFlow(m, m.Start("wrong-password", ""))
	fmt.Println(ansi.Strip(m.View()))
}
