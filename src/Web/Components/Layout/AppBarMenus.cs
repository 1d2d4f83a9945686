namespace XpFlywheel.Web.Components.Layout;

/// <summary>
/// The app bar's menus of one circuit: opening one closes the other, so keyboard users who Tab from an open list to
/// the next menu's button never get two lists over each other. Scoped: one per circuit.
/// </summary>
public sealed class AppBarMenus
{
    /// <summary>Raised with the menu that just opened; every other open menu closes.</summary>
    public event Action<object>? Opened;

    /// <summary>Says that <paramref name="menu"/> opened.</summary>
    public void Open(object menu) => Opened?.Invoke(menu);
}
