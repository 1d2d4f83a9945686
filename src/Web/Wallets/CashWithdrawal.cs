namespace XpFlywheel.Web.Wallets;

/// <summary>
/// A recorded withdrawal (SPEC §9: no payment rails, the record is the withdrawal). <paramref name="Id"/> is the journal
/// sequence of the command that made it, which is also the reference of its posting; amounts are micro-dollars.
/// </summary>
/// <param name="Id">Journal sequence of the withdrawal; the posting's reference.</param>
/// <param name="Micros">Cash withdrawn, micro-dollars.</param>
/// <param name="CashAvailableAfter">The operator's available cash once it left, micro-dollars.</param>
/// <param name="At">When the writer applied it (UTC).</param>
public sealed record CashWithdrawal(long Id, long Micros, long CashAvailableAfter, DateTime At);
