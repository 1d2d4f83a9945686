using System.Text.Json;
using System.Text.Json.Serialization;

namespace XpFlywheel.Core.Commands;

/// <summary>
/// A request to change exchange or economy state: the closed set of everything that can change the exchange is the
/// list of <see cref="JsonDerivedTypeAttribute"/>s below, each record defined in <c>Commands.cs</c>. Commands are
/// journaled in the order the single writer applies them (STYLE "Commands and the journal", after exchange-core's
/// <c>ApiCommand</c> family).
/// </summary>
/// <remarks>
/// <see cref="Sequence"/> and <see cref="At"/> are assigned by the writer when it applies the command (the caller
/// leaves them 0 and default); <see cref="By"/> and <see cref="IdempotencyKey"/> come from the caller. A repeat of an
/// accepted command with the same key and terms returns the first outcome without applying it again.
/// </remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(SubmitOrder), "order.submit")]
[JsonDerivedType(typeof(ReplaceOrder), "order.replace")]
[JsonDerivedType(typeof(CancelOrder), "order.cancel")]
[JsonDerivedType(typeof(CancelAllOrders), "order.cancel-all")]
[JsonDerivedType(typeof(OpenWallet), "wallet.open")]
[JsonDerivedType(typeof(DepositCash), "cash.deposit")]
[JsonDerivedType(typeof(WithdrawCash), "cash.withdraw")]
[JsonDerivedType(typeof(GrantXp), "xp.grant")]
[JsonDerivedType(typeof(RegisterAgent), "agent.register")]
[JsonDerivedType(typeof(RenameAgent), "agent.rename")]
[JsonDerivedType(typeof(DescribeAgent), "agent.describe")]
[JsonDerivedType(typeof(RetireAgent), "agent.retire")]
[JsonDerivedType(typeof(RecordJob), "job.record")]
[JsonDerivedType(typeof(SetEpochExclusions), "epoch.exclusions")]
[JsonDerivedType(typeof(DisputeJob), "job.dispute")]
[JsonDerivedType(typeof(ResolveDispute), "job.resolve")]
[JsonDerivedType(typeof(CloseDisputeWindows), "job.windows")]
[JsonDerivedType(typeof(BurnXp), "xp.burn")]
[JsonDerivedType(typeof(LockXp), "lock.lock")]
[JsonDerivedType(typeof(RequestUnlock), "lock.request-unlock")]
[JsonDerivedType(typeof(CancelUnlock), "lock.cancel-unlock")]
[JsonDerivedType(typeof(ReleaseUnlocks), "lock.release")]
[JsonDerivedType(typeof(RefreshTrust), "trust.refresh")]
[JsonDerivedType(typeof(StartEpochs), "epoch.start")]
[JsonDerivedType(typeof(CloseEpoch), "epoch.close")]
[JsonDerivedType(typeof(EndEpoch), "epoch.end")]
[JsonDerivedType(typeof(StageEpochScore), "epoch.stage-score")]
[JsonDerivedType(typeof(PayEpochPart), "epoch.pay-part")]
[JsonDerivedType(typeof(SetMarketParameters), "parameters.market")]
[JsonDerivedType(typeof(SetFeeTiers), "parameters.tiers")]
[JsonDerivedType(typeof(SetLockPolicy), "parameters.lock")]
[JsonDerivedType(typeof(SetReputationRules), "parameters.reputation")]
[JsonDerivedType(typeof(SetNextEpochParameters), "parameters.next-epoch")]
[JsonDerivedType(typeof(SetOtcParameters), "parameters.otc")]
[JsonDerivedType(typeof(PostOtcOffer), "otc.offer.post")]
[JsonDerivedType(typeof(CancelOtcOffer), "otc.offer.cancel")]
[JsonDerivedType(typeof(TakeOtcOffer), "otc.offer.take")]
[JsonDerivedType(typeof(RequestOtcQuotes), "otc.rfq.request")]
[JsonDerivedType(typeof(QuoteOtcRequest), "otc.rfq.quote")]
[JsonDerivedType(typeof(AcceptOtcQuote), "otc.rfq.accept")]
[JsonDerivedType(typeof(CancelOtcRequest), "otc.rfq.cancel")]
[JsonDerivedType(typeof(ExpireOtc), "otc.expire")]
[JsonDerivedType(typeof(HaltMarket), "market.halt")]
[JsonDerivedType(typeof(ResumeMarket), "market.resume")]
public abstract record ExchangeCommand
{
    /// <summary>The journal sequence the writer gave the command: 1, 2, 3… with no gaps; 0 until applied.</summary>
    public long Sequence { get; init; }

    /// <summary>The writer's clock when it applied the command (UTC); handlers use this, never a clock of their own.</summary>
    public DateTime At { get; init; }

    /// <summary>Who issued the command.</summary>
    public required Actor By { get; init; }

    /// <summary>The caller's key that makes a retry return the first outcome (1–64 printable characters), or null.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The journal's name for this command type (the JSON discriminator).</summary>
    [JsonIgnore]
    public string TypeName => CommandJson.TypeNameOf(GetType());

    /// <summary>
    /// The command's terms alone (no sequence, time, key or the address it came from): how a retry is told apart from a
    /// reused key.
    /// </summary>
    public string Terms() =>
        JsonSerializer.Serialize<ExchangeCommand>(this with { Sequence = 0, At = default, IdempotencyKey = null, By = By with { Address = null } }, CommandJson.Options);
}

/// <summary>The one serialized form of commands, for the journal and for comparing terms.</summary>
public static class CommandJson
{
    /// <summary>Web defaults (camelCase), enums as their names so the journal reads without the code.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly Dictionary<Type, string> Names = typeof(ExchangeCommand)
        .GetCustomAttributes(typeof(JsonDerivedTypeAttribute), false).Cast<JsonDerivedTypeAttribute>()
        .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    /// <summary>Every command type in the closed set, with its journal name.</summary>
    public static IReadOnlyDictionary<Type, string> Types => Names;

    /// <summary>The journal name of a command type.</summary>
    public static string TypeNameOf(Type type) => Names[type];

    public static string Serialize(ExchangeCommand command) => JsonSerializer.Serialize(command, Options);

    /// <summary>Reads a journaled command back; throws <see cref="JsonException"/> on anything that is not one.</summary>
    public static ExchangeCommand Deserialize(string json) =>
        JsonSerializer.Deserialize<ExchangeCommand>(json, Options) ?? throw new JsonException("The journal row holds no command.");
}
