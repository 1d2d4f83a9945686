using XpFlywheel.Core.Commands;
using XpFlywheel.Web.Cluster;
using XpFlywheel.Web.Exchange;

namespace XpFlywheel.Web.Tests.Cluster;

/// <summary>What a follower's caller gets for each kind of answer the leader stores.</summary>
public sealed class ForwardedAnswerTests
{
    private static readonly CancelOrder Command = new(7, 42) { By = Actor.Operator(7), IdempotencyKey = "k-1" };

    [Fact]
    public void A_command_the_leaders_batch_failed_on_is_unavailable_for_now_never_a_server_error()
    {
        var answer = new ForwardedAnswer(null, ForwardedAnswer.Failed, "Exception while reading from stream", 10);

        var error = Assert.Throws<LeaderUnavailableException>(() => answer.OutcomeAs<OrderOutcome>(Command));
        Assert.Contains("applied nothing", error.Message);
    }

    [Fact]
    public void A_leader_that_lost_the_writer_while_applying_is_unavailable_for_now()
    {
        var answer = new ForwardedAnswer(null, ForwardedAnswer.WriterMoved, "fenced", 10);

        Assert.Throws<LeaderUnavailableException>(() => answer.OutcomeAs<OrderOutcome>(Command));
    }

    [Fact]
    public void A_reused_idempotency_key_is_the_same_conflict_the_leader_gives()
    {
        var answer = new ForwardedAnswer(null, ForwardedAnswer.KeyReused, "reused", 10);

        var error = Assert.Throws<IdempotencyConflictException>(() => answer.OutcomeAs<OrderOutcome>(Command));
        Assert.Equal("k-1", error.Key);
    }

    [Fact]
    public void A_refusal_longer_than_its_column_is_cut_so_the_batch_of_answers_still_stores()
    {
        var message = new string('x', 5_000);

        var clipped = InboxRelay.Clip(message)!;

        Assert.Equal(Data.Entities.InboxCommand.MaxErrorMessage, clipped.Length);
        Assert.EndsWith("…", clipped);
        Assert.Equal("short", InboxRelay.Clip("short"));
        Assert.Null(InboxRelay.Clip(null));

        // Never between the halves of an emoji, and without NULs: PostgreSQL stores neither.
        var emoji = new string('x', Data.Entities.InboxCommand.MaxErrorMessage - 2) + "😀" + new string('y', 100);
        var cut = InboxRelay.Clip(emoji)!;
        Assert.True(cut.Length <= Data.Entities.InboxCommand.MaxErrorMessage);
        Assert.False(char.IsHighSurrogate(cut[^2]));
        Assert.Equal("ab", InboxRelay.Clip("a\0b"));
    }
}
