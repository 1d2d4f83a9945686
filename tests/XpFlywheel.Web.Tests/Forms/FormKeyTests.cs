using XpFlywheel.Web.Components.Shared;

namespace XpFlywheel.Web.Tests.Forms;

/// <summary>
/// A form's idempotency key: the same terms submitted again within a second of a success (Enter pressed over and over)
/// carry the success's key, so the writer applies them once; other terms, or a pause, are a new command.
/// </summary>
public sealed class FormKeyTests
{
    [Fact]
    public void The_same_terms_right_after_a_success_carry_its_key_and_each_repeat_restarts_the_window()
    {
        var key = new FormKey();
        var first = key.For(10m);
        key.Renew();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(first, key.For(10m));
            Assert.True(key.Repeating);
            key.Renew();
        }
        Assert.NotEqual(first, key.Value);
    }

    [Fact]
    public void Other_terms_after_a_success_are_a_new_command_under_a_new_key()
    {
        var key = new FormKey();
        var first = key.For((1L, 10m));
        key.Renew();

        var second = key.For((1L, 11m));

        Assert.NotEqual(first, second);
        Assert.False(key.Repeating);
    }

    [Fact]
    public void A_refused_submission_keeps_its_key_for_the_corrected_form()
    {
        var key = new FormKey();
        var first = key.For(10m);
        // Refused: no Renew.
        Assert.Equal(first, key.For(9m));
        Assert.False(key.Repeating);
    }

    [Fact]
    public async Task The_same_terms_after_the_window_are_a_new_command()
    {
        var key = new FormKey();
        var first = key.For(10m);
        key.Renew();

        await Task.Delay(FormKey.RepeatWindow + TimeSpan.FromMilliseconds(200));

        Assert.NotEqual(first, key.For(10m));
        Assert.False(key.Repeating);
    }

    [Fact]
    public void A_reset_form_has_no_success_to_repeat()
    {
        var key = new FormKey();
        var first = key.For(10m);
        key.Renew();

        key.Reset();

        Assert.NotEqual(first, key.For(10m));
        Assert.False(key.Repeating);
    }
}
