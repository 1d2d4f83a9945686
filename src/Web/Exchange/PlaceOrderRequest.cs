using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// An order as a person or program states it: a decimal price in dollars, a whole XP quantity. <see cref="Validate"/>
/// turns it into an engine command or says exactly what is wrong, before anything reaches the engine.
/// </summary>
public sealed record PlaceOrderRequest(
    Side Side,
    OrderType Type,
    decimal? Price,
    long Quantity,
    TimeInForce TimeInForce = TimeInForce.Gtc,
    bool PostOnly = false,
    string? ClientOrderId = null)
{
    public const int MaxClientOrderIdLength = 64;

    /// <summary>
    /// Why a client order id could be mistaken for another, or null: it holds a control or invisible formatting
    /// character (U+202E RIGHT-TO-LEFT OVERRIDE, a zero-width space) or another default-ignorable code point (a Hangul
    /// filler, a variation selector: <see cref="DisplayText.IsDefaultIgnorable"/>), a private-use, unassigned or lone surrogate code
    /// point, a line break or a space other than U+0020, or it is not in Unicode's composed form (NFC, UAX #15), where
    /// "é" typed as e and an accent would differ from "é" byte for byte. Ids are compared exactly, so each of these
    /// would let two ids that read the same name two orders.
    /// </summary>
    /// <remarks>
    /// A plain space is welcome inside an id, but not at either end or two in a row: "bot 1 " and "bot  1" read as
    /// "bot 1" wherever text is shown (a page collapses runs of spaces, a trailing one is invisible), and an id of
    /// spaces alone reads as none.
    /// </remarks>
    public static string? ClientOrderIdProblem(string id)
    {
        if (id.StartsWith(' ') || id.EndsWith(' '))
            return "cannot begin or end with a space";
        if (id.Contains("  ", StringComparison.Ordinal))
            return "cannot hold two spaces in a row";
        var rest = id.AsSpan();
        while (!rest.IsEmpty)
        {
            if (System.Text.Rune.DecodeFromUtf16(rest, out var rune, out var used) != System.Buffers.OperationStatus.Done)
                return "cannot contain broken characters (lone surrogates)";
            var refused = System.Text.Rune.GetUnicodeCategory(rune) switch
            {
                System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
                    or System.Globalization.UnicodeCategory.PrivateUse or System.Globalization.UnicodeCategory.OtherNotAssigned
                    or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator => true,
                System.Globalization.UnicodeCategory.SpaceSeparator => rune.Value != ' ',
                _ => rune == System.Text.Rune.ReplacementChar || DisplayText.IsDefaultIgnorable(rune),
            };
            if (refused)
                return $"cannot contain U+{rune.Value:X4}";
            rest = rest[used..];
        }
        return id.IsNormalized(System.Text.NormalizationForm.FormC) ? null : "must be in composed form (NFC): send \"é\" as one character";
    }

    /// <summary>
    /// Why <paramref name="id"/> cannot be a client order id, as a sentence, or null when it can: 1 to
    /// <see cref="MaxClientOrderIdLength"/> UTF-16 code units, nothing <see cref="ClientOrderIdProblem"/> refuses, and
    /// not "." or "..". Placement refuses such an id, and a look-up or list by one is refused the same way (no order
    /// can carry it), never answered "not found".
    /// </summary>
    public static string? ClientOrderIdError(string id)
    {
        if (id.Length == 0 || id.Length > MaxClientOrderIdLength)
            return $"The client order id must be 1 to {MaxClientOrderIdLength} printable characters, counted as UTF-16 code units: an emoji or another character beyond U+FFFF counts as two ({id.Length} sent).";
        if (ClientOrderIdProblem(id) is { } problem)
            return $"The client order id {problem}: two ids that look alike must not name two orders.";
        // An address ending in /by-client-id/.. is rewritten by every URL parser, so such an id could never be looked up.
        return id is "." or ".."
            ? "The client order id cannot be \".\" or \"..\": addresses drop them, so the order could not be looked up by it."
            : null;
    }

    public IReadOnlyDictionary<string, string[]> Validate(long operatorId, out PlaceOrder command)
    {
        var errors = new Dictionary<string, string[]>();
        command = default;
        if (!Enum.IsDefined(Side))
            errors["side"] = ["Side must be buy or sell."];
        if (!Enum.IsDefined(Type))
            errors["type"] = ["Type must be limit or market."];
        if (!Enum.IsDefined(TimeInForce))
            errors["timeInForce"] = ["Time in force must be GTC, IOC or FOK."];
        if (Quantity < 1 || Quantity > MatchingEngine.MaxQuantity)
            errors["quantity"] = ["Quantity must be a whole number of XP from 1 to 1,000,000,000."];
        var ticks = 0L;
        if (Type == OrderType.Limit)
        {
            var limit = default(Price);
            switch (Price is { } price ? Core.Primitives.Price.Check(price, MatchingEngine.MaxPriceTicks, out limit) : PriceCheck.NotPositive)
            {
                case PriceCheck.NotPositive: errors["price"] = ["A limit order needs a price above zero."]; break;
                case PriceCheck.OffTick: errors["price"] = ["The price must be a multiple of the 0.0001 tick."]; break;
                case PriceCheck.TooHigh: errors["price"] = ["The price must be at most $1,000 per XP."]; break;
                default: ticks = limit.Ticks; break;
            }
        }
        if (Type == OrderType.Market && Price is not null)
            errors["price"] = ["A market order takes no price: it fills at the best prices in the book, within the price band. Send a limit order to set a price."];
        if (Type == OrderType.Market && TimeInForce == TimeInForce.Gtc)
            errors["timeInForce"] = ["A market order never rests: its time in force is IOC (the default) or FOK, and what it cannot fill expires."];
        if (PostOnly && (Type != OrderType.Limit || TimeInForce != TimeInForce.Gtc))
            errors["postOnly"] = ["Post-only applies to good-till-cancelled limit orders only."];
        if (ClientOrderId is { } id && ClientOrderIdError(id) is { } error)
            errors["clientOrderId"] = [error];

        if (errors.Count == 0)
            command = new PlaceOrder(operatorId, Side, Type, new Price(ticks), new Xp(Quantity), TimeInForce, PostOnly, ClientOrderId);
        return errors;
    }
}
