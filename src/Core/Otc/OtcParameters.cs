namespace XpFlywheel.Core.Otc;

/// <summary>
/// The OTC desk's settings an admin can change. Fees are basis points of notional, rounded up to the micro-dollar:
/// the maker (who posted the offer or gave the quote) defaults to 0, the taker (who took the offer or accepted the
/// quote) to 10 (0.10%). <see cref="BandBps"/> (default 5000 = ±50%) bounds OTC prices around the book's reference
/// price: wider than the book's band, so large blocks can trade away from the book, but never at a price that moves
/// value between accounts. <see cref="QuoteTtl"/> is how long a quote stays firm (default 15 s),
/// <see cref="RfqTtl"/> how long a request for quote stays open (default 2 min).
/// </summary>
public sealed record OtcParameters(
    int MakerFeeBps = 0,
    int TakerFeeBps = 10,
    int BandBps = 5_000,
    TimeSpan? QuoteTtl = null,
    TimeSpan? RfqTtl = null)
{
    /// <summary>The defaults: maker 0.00%, taker 0.10%, band ±50%, quotes firm for 15 s, requests open for 2 min.</summary>
    public static OtcParameters Default { get; } = new();

    /// <summary>The shortest and longest time an admin can keep a quote firm: 1 second to 10 minutes.</summary>
    public static (TimeSpan Min, TimeSpan Max) QuoteLifetimeRange { get; } = (TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));

    /// <summary>The shortest and longest time an admin can keep a request for quote open: 10 seconds to 1 day.</summary>
    public static (TimeSpan Min, TimeSpan Max) RfqLifetimeRange { get; } = (TimeSpan.FromSeconds(10), TimeSpan.FromDays(1));

    /// <summary>How long a quote stays firm after it is given.</summary>
    public TimeSpan QuoteLifetime => QuoteTtl ?? TimeSpan.FromSeconds(15);

    /// <summary>How long a request for quote stays open for quotes and acceptance.</summary>
    public TimeSpan RfqLifetime => RfqTtl ?? TimeSpan.FromMinutes(2);

    /// <summary>The largest fee either side can pay, in bps: what a buy offer reserves per XP on top of the price.</summary>
    public int MaxFeeBps => Math.Max(MakerFeeBps, TakerFeeBps);

    /// <summary>The reasons these parameters are unusable, in words for an admin; empty when they are fine.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MakerFeeBps is < 0 or > Matching.MarketParameters.FeeBpsCeiling)
            errors.Add("The OTC maker fee must be from 0 to 1,000 bps (10%).");
        if (TakerFeeBps is < 0 or > Matching.MarketParameters.FeeBpsCeiling)
            errors.Add("The OTC taker fee must be from 0 to 1,000 bps (10%).");
        if (BandBps is < 1 or > Matching.MarketParameters.BandBpsCeiling)
            errors.Add("The OTC band must be from 1 to 10,000 bps.");
        if (QuoteLifetime < QuoteLifetimeRange.Min || QuoteLifetime > QuoteLifetimeRange.Max)
            errors.Add("Quotes must stay firm from 1 second to 10 minutes.");
        if (RfqLifetime < RfqLifetimeRange.Min || RfqLifetime > RfqLifetimeRange.Max)
            errors.Add("Requests for quote must stay open from 10 seconds to 1 day.");
        return errors;
    }
}
