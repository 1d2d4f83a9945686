namespace XpFlywheel.Web.Data.Entities;

/// <summary>The engine's counters, one row, written in every batch so a restart continues where it stopped.</summary>
public class MarketStateRecord
{
    public int Id { get; set; } = 1;
    public long LastPriceTicks { get; set; }
    public long NextOrderId { get; set; } = 1;
    public long NextTradeId { get; set; } = 1;
    public long NextSequence { get; set; } = 1;
    public long NextPostingSequence { get; set; } = 1;
    public bool Halted { get; set; }

    /// <summary>
    /// The journal sequence the result tables (orders, trades, postings, balances, these counters) reflect: the
    /// projection's checkpoint. The writer replays the journal after it on start.
    /// </summary>
    public long ProjectedSequence { get; set; }
}
