using XpFlywheel.Web.Components.Layout;

namespace XpFlywheel.Web.Tests.Components;

public class DisplaySettingsTests
{
    private static readonly DateTime Winter = new(2026, 11, 30, 19, 5, 9, DateTimeKind.Utc);
    private static readonly DateTime Summer = new(2026, 7, 1, 19, 5, 9, DateTimeKind.Utc);

    [Theory]
    [InlineData(null, null, false)]
    [InlineData(null, "dark", true)]
    [InlineData("light", "dark", false)]
    [InlineData("dark", "light", true)]
    [InlineData("purple", "dark", true)]
    public void Theme_is_the_readers_choice_else_the_system_preference(string? theme, string? system, bool dark) =>
        Assert.Equal(dark, new DisplaySettings(theme, system, null, null).Dark);

    [Fact]
    public void A_chosen_theme_is_not_overridden_by_the_system_preference()
    {
        var settings = new DisplaySettings("light", null, null, null);
        Assert.False(settings.FollowSystem(systemDark: true));
        Assert.False(settings.Dark);

        var following = new DisplaySettings(null, "light", null, null);
        Assert.True(following.FollowSystem(systemDark: true));
        Assert.True(following.Dark);
    }

    [Fact]
    public void Times_are_shown_in_the_browsers_zone_with_its_offset()
    {
        var settings = new DisplaySettings(null, null, "America/New_York", null);
        Assert.Equal("14:05:09", settings.Time(Winter));
        Assert.Equal("2026-11-30 14:05:09 UTC−5", settings.DateAndTime(Winter));
        Assert.Equal("UTC−4", settings.ZoneLabel(Summer));
        Assert.Equal("UTC+5:30", new DisplaySettings(null, null, "Asia/Kolkata", null).ZoneLabel(Winter));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Not/AZone")]
    [InlineData("")]
    public void An_unknown_zone_falls_back_to_utc_and_says_so(string? zone)
    {
        var settings = new DisplaySettings(null, null, zone, null);
        Assert.Equal("19:05:09", settings.Time(Winter));
        Assert.Equal("2026-11-30 19:05 UTC", settings.Minutes(Winter));
    }

    [Fact]
    public void Asking_for_utc_overrides_the_browsers_zone_and_stored_times_without_a_kind_are_utc()
    {
        var settings = new DisplaySettings(null, null, "America/New_York", "utc");
        Assert.Equal("2026-11-30 19:05 UTC", settings.Minutes(DateTime.SpecifyKind(Winter, DateTimeKind.Unspecified)));
        var changes = 0;
        settings.Changed += () => changes++;
        settings.SetUtc(false);
        Assert.Equal("2026-11-30 14:05 UTC−5", settings.Minutes(Winter));
        Assert.Equal(1, changes);
    }
}
