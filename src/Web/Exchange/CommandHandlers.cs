using XpFlywheel.Core.Commands;
using XpFlywheel.Web.Economy;
using XpFlywheel.Web.Epochs;
using XpFlywheel.Web.Otc;
using XpFlywheel.Web.Parameters;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// The dispatch table: one handler per command of the closed set (<see cref="ExchangeCommand"/>), each applying the
/// command as the writer stamped it to the session's state and returning its outcome. Handlers read the time from
/// the command (the session's clock is the same batch time), parameters from <see cref="ExchangeSession.Parameters"/>,
/// and nothing else from outside: no clock, configuration or random source, so applying the same journal to the same
/// state gives the same result.
/// </summary>
internal static class CommandHandlers
{
    /// <summary>
    /// Applies <paramref name="command"/>; the outcome's type per command is: orders <see cref="OrderOutcome"/>,
    /// wallet opening <see cref="long"/> (the operator id),
    /// deposits and grants <see cref="Core.Ledger.TransferResult"/>, withdrawals <c>EconomyResult&lt;CashWithdrawal&gt;</c>, halt/resume <see cref="bool"/>, agents
    /// <c>EconomyResult&lt;AgentView&gt;</c>, jobs <c>EconomyResult&lt;JobReceipt&gt;</c>, burns
    /// <c>EconomyResult&lt;BurnReceipt&gt;</c>, locks <c>EconomyResult&lt;LockView&gt;</c>, releases and trust refreshes
    /// <see cref="int"/> (how many changed), epoch start <see cref="long"/>, epoch end and score staging <see cref="bool"/>, epoch close and its paid parts <see cref="CloseOutcome"/>,
    /// parameters <c>Validated&lt;ParameterSet&gt;</c>, OTC offers <c>EconomyResult&lt;OtcOfferView&gt;</c>, takes and
    /// accepted quotes <c>EconomyResult&lt;OtcTradeView&gt;</c>, requests <c>EconomyResult&lt;OtcRequestView&gt;</c>, quotes
    /// <c>EconomyResult&lt;OtcQuoteView&gt;</c>, OTC expiry <see cref="int"/>. Trades it executes carry its sequence.
    /// </summary>
    public static object Apply(ExchangeSession session, ExchangeCommand command)
    {
        session.Sequence = command.Sequence;
        return Dispatch(session, command);
    }

    private static object Dispatch(ExchangeSession session, ExchangeCommand command) => command switch
    {
        SubmitOrder c => MarketHandlers.Submit(session, c),
        ReplaceOrder c => MarketHandlers.Replace(session, c),
        CancelOrder c => session.Cancel(c.OperatorId, c.OrderId),
        // The dead-man switch's cancel says so on every order it took (the actor is the command's, so replay agrees).
        CancelAllOrders c => session.CancelAll(c.OperatorId, c.By == CancelAfter.Actor ? Core.Matching.CancelReason.CancelAfter : Core.Matching.CancelReason.Requested,
            c.UpToOrderId ?? long.MaxValue),
        HaltMarket c => MarketHandlers.Halt(session, c),
        ResumeMarket c => MarketHandlers.Resume(session, c),
        OpenWallet c => WalletHandlers.Open(session, c),
        DepositCash c => MarketHandlers.Deposit(session, c),
        WithdrawCash c => MarketHandlers.Withdraw(session, c),
        GrantXp c => MarketHandlers.Grant(session, c),
        RegisterAgent c => AgentService.ApplyRegister(session, c),
        RenameAgent c => AgentService.ApplyRename(session, c),
        DescribeAgent c => AgentService.ApplyDescribe(session, c),
        RetireAgent c => AgentService.ApplyRetire(session, c),
        RecordJob c => JobService.Apply(session, c),
        DisputeJob c => DisputeService.ApplyDispute(session, c),
        ResolveDispute c => DisputeService.ApplyResolve(session, c),
        CloseDisputeWindows c => DisputeService.ApplyCloseWindows(session, c),
        RefreshTrust c => TrustService.ApplyRefresh(session, c),
        BurnXp c => BurnService.Apply(session, c),
        LockXp c => LockService.ApplyLock(session, c),
        RequestUnlock c => LockService.ApplyRequestUnlock(session, c),
        CancelUnlock c => LockService.ApplyCancelUnlock(session, c),
        ReleaseUnlocks c => LockService.ApplyRelease(session, c),
        StartEpochs => EpochCloser.EnsureStarted(session),
        SetEpochExclusions c => EpochExclusions.Apply(session, c),
        CloseEpoch c => EpochCloser.Close(session, c.Number, c.Early, c.By.Kind == ActorKind.Admin ? c.By.Name : null, c.Score, c.Staged),
        StageEpochScore c => EpochPayout.Stage(session, c),
        PayEpochPart c => EpochPayout.Pay(session, c),
        EndEpoch c => EpochCloser.End(session, c.Number, c.By),
        SetMarketParameters c => ParameterChanges.SetMarket(session, c.Parameters, ActorName(c.By), c.Expected),
        SetFeeTiers c => ParameterChanges.SetTiers(session, new TierTable(c.Tiers, c.WindowDays), ActorName(c.By), c.ExpectedTiers, c.ExpectedWindow),
        SetLockPolicy c => ParameterChanges.SetLock(session, c.Policy, ActorName(c.By), c.Expected),
        SetReputationRules c => ParameterChanges.SetReputation(session, c.Rules, ActorName(c.By), c.Expected),
        SetNextEpochParameters c => ParameterChanges.SetNextEpoch(session, c.Parameters, ActorName(c.By), c.Expected),
        SetOtcParameters c => ParameterChanges.SetOtc(session, c.Parameters, ActorName(c.By), c.Expected),
        PostOtcOffer c => OtcHandlers.Post(session, c),
        CancelOtcOffer c => OtcHandlers.Cancel(session, c),
        TakeOtcOffer c => OtcHandlers.Take(session, c),
        RequestOtcQuotes c => OtcRequestHandlers.Request(session, c),
        QuoteOtcRequest c => OtcRequestHandlers.Quote(session, c),
        AcceptOtcQuote c => OtcRequestHandlers.Accept(session, c),
        CancelOtcRequest c => OtcRequestHandlers.CancelRequest(session, c),
        ExpireOtc c => OtcHandlers.Expire(session, c),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "No handler for this command type."),
    };

    private static string ActorName(Actor by) => by.Name ?? by.Scope;
}
