using XpFlywheel.Core.Otc;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Economy;

namespace XpFlywheel.Web.Otc;

/// <summary>The machine-readable codes of the OTC desk's refusals (the API puts them in problem details) and their sentences.</summary>
public static class OtcErrors
{
    public const string InvalidSide = "invalid_side";
    public const string InvalidQuantity = "invalid_quantity";
    public const string InvalidMinimumFill = "invalid_minimum_fill";
    public const string InvalidPrice = "invalid_price";
    public const string InvalidExpiry = "invalid_expiry";
    public const string InvalidCounterparty = "invalid_counterparty";
    public const string NoReferencePrice = "no_reference_price";
    public const string OutsideBand = "outside_band";
    public const string SelfDealing = "self_dealing";
    public const string BelowMinimumFill = "below_minimum_fill";
    public const string AboveRemaining = "above_remaining";
    public const string OfferNotFound = "offer_not_found";
    public const string OfferClosed = "offer_closed";
    public const string RequestNotFound = "request_not_found";
    public const string RequestClosed = "request_closed";
    public const string QuoteNotFound = "quote_not_found";
    public const string QuoteExpired = "quote_expired";
    public const string QuoteReplaced = "quote_replaced";
    public const string CounterpartyShort = "counterparty_short";
    public const string MarketHalted = "market_halted";
    public const string TooManyOpenOffers = "too_many_open_offers";
    public const string TooManyOpenRequests = "too_many_open_requests";

    /// <summary>The operator already has <see cref="OtcRules.MaxOpenOffers"/> open offers.</summary>
    public static EconomyError OpenOffersFull { get; } = new(TooManyOpenOffers,
        $"You already have {OtcRules.MaxOpenOffers} open offers: withdraw one (or let one fill or expire) before posting another.");

    /// <summary>The operator already has <see cref="OtcRules.MaxOpenRequests"/> open requests for quote.</summary>
    public static EconomyError OpenRequestsFull { get; } = new(TooManyOpenRequests,
        $"You already have {OtcRules.MaxOpenRequests} open requests for quote: withdraw one (or let one expire) before asking again.");

    /// <summary>
    /// While an admin has halted trading, the desk takes no new offers, takes, requests, quotes or acceptances either (a
    /// halt stops every trader); cancels still work, as for orders.
    /// </summary>
    public static EconomyError Halted { get; } = new(MarketHalted, "Trading is halted: the OTC desk takes no new offers, takes, quotes or acceptances until it resumes; cancels still work.");

    /// <summary>A quantity that is no whole number of XP from 1 to <see cref="OtcRules.MaxQuantity"/>.</summary>
    public static EconomyError QuantityOutOfRange { get; } = new(InvalidQuantity, $"Enter a whole number of XP, from 1 to {OtcRules.MaxQuantity:N0}.", "quantity");

    /// <summary>The refusal of the core's rules as an error for people and programs; nothing changed.</summary>
    public static EconomyError From(OtcRefusal refusal, Price price, Price? reference, int bandBps) => refusal switch
    {
        OtcRefusal.InvalidQuantity => QuantityOutOfRange,
        OtcRefusal.InvalidMinimumFill => new(InvalidMinimumFill, "The minimum fill must be from 1 XP to the offer's quantity.", "minimumFill"),
        OtcRefusal.InvalidPrice => new(InvalidPrice, "Enter a price above $0 and at most $1,000 per XP.", "price"),
        OtcRefusal.InvalidExpiry => new(InvalidExpiry, "The expiry must be in the future (at most 30 days ahead).", "expiresAt"),
        OtcRefusal.NoReferencePrice => new(NoReferencePrice, "The book has no reference price yet, so OTC prices cannot be checked against the band.", "price"),
        OtcRefusal.OutsideBand => new(OutsideBand,
            $"{Components.Shared.Fmt.PriceUsd(price)} is outside the OTC band: ±{bandBps / 100m:0.##}% around the reference price {Components.Shared.Fmt.PriceUsd(reference)}.", "price"),
        OtcRefusal.SelfDealing => new(SelfDealing, "You cannot trade with yourself: the same operator on both sides is refused.", "counterparty"),
        OtcRefusal.BelowMinimumFill => new(BelowMinimumFill, "Take at least the offer's minimum fill (or all that is left).", "quantity"),
        OtcRefusal.AboveRemaining => new(AboveRemaining, "That is more than is left of the offer.", "quantity"),
        OtcRefusal.NotTheCounterparty => new(OfferNotFound, "There is no open offer with that id."),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, "Not a refusal."),
    };

    /// <summary>The operator's own funds fall short of what the step needs.</summary>
    public static EconomyError Short(bool cash, long available, long required) => cash
        ? new(EconomyErrors.InsufficientCash, $"You have {new Cash(available)} available; this needs {new Cash(required)}.", "quantity")
        : new(EconomyErrors.InsufficientXp, $"You have {new Xp(available)} available; this needs {new Xp(required)}.", "quantity");
}
