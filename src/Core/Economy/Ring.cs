using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Core.Economy;

/// <summary>A flagged ring (SPEC §7): operators paying each other round a closed cycle, with the evidence.</summary>
/// <param name="Cycle">The members in cycle order: each paid the next, and the last paid the first.</param>
/// <param name="Edges">Every payment between members, by payer then payee.</param>
/// <param name="Gross">All cash paid between members.</param>
/// <param name="Net">The cash members gained among themselves: the sum of each member's positive (received − paid).</param>
/// <param name="Outside">Cash members paid to or received from operators outside the ring.</param>
public sealed record Ring(IReadOnlyList<string> Cycle, IReadOnlyList<RingEdge> Edges, Cash Gross, Cash Net, Cash Outside)
{
    /// <summary>Net as a share of gross: how little cash stays anywhere once it has gone round.</summary>
    public decimal NetShare => Gross.Micros == 0 ? 0m : (decimal)Net.Micros / Gross.Micros;
}
