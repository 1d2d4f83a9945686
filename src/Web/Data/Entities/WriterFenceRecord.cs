namespace XpFlywheel.Web.Data.Entities;

/// <summary>
/// The writer's fencing token: one row (<see cref="Id"/> 1) whose <see cref="Token"/> every process that becomes the
/// writer advances once, at start, before it loads. Each batch the writer commits checks the token is still its own
/// (<c>WriterFence</c>), so a process that lost its lease (paused, cut off) can never write again after another
/// took over.
/// </summary>
public class WriterFenceRecord
{
    public const int SingleRowId = 1;

    public int Id { get; set; }

    /// <summary>The token of the newest writer: 1 for the first, then 2, 3… It never goes back.</summary>
    public long Token { get; set; }
}
