using XpFlywheel.Core.Matching;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data.Entities;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Otc;

namespace XpFlywheel.Web.Demo;

/// <summary>
/// The demo's OTC desk in use: market makers answer every open request for quote (a newcomer's too) with a firm price
/// a little worse than the reference for the requester; fleets post block offers a few percent off the reference and
/// ask for quotes, accepting the best firm one; small operators now and then take part of a public offer. Every step
/// is an ordinary OTC command, so the demo follows the same rules (band, funds, minimum fill) as everyone.
/// </summary>
internal sealed class DemoOtc(OtcService otc, ExchangeFeed feed, TimeProvider clock, Random random)
{
    /// <summary>One round of OTC activity; does nothing before the book has a reference price.</summary>
    public async Task ActAsync(DemoCast cast, CancellationToken cancellationToken)
    {
        if (feed.Book.ReferencePrice is not { } reference)
            return;
        await MakersQuoteAsync([.. cast.Of(DemoRole.MarketMaker)], reference, cancellationToken);
        foreach (var fleet in cast.Of(DemoRole.Large))
            await FleetAsync(fleet, reference, cancellationToken);
        // Never on the account people sign in to: its offers and trades are theirs alone.
        if (random.NextDouble() < 0.08 && cast.Of(DemoRole.Small).Where(o => !o.Human).ToList() is { Count: > 0 } small)
            await SmallTakesAsync(small[random.Next(small.Count)], cancellationToken);
    }

    // Each maker quotes every open request it has no firm quote on: ask above the reference for a buyer, bid below it for a seller.
    private async Task MakersQuoteAsync(IReadOnlyList<DemoOperator> makers, Price reference, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var maker in makers)
        {
            var open = await otc.OpenRequestsAsync(maker.OperatorId, cancellationToken);
            if (open.Count == 0)
                continue;
            var quoted = (await otc.MyQuotesAsync(maker.OperatorId, cancellationToken)).Where(q => q.IsFirmAt(now)).Select(q => q.RequestId).ToHashSet();
            foreach (var request in open.Where(r => !quoted.Contains(r.Id)))
            {
                var edge = 1m + (0.005m + (decimal)random.NextDouble() * 0.015m) * (request.Side == Side.Buy ? 1 : -1);
                await otc.QuoteAsync(maker.OperatorId, request.Id, Math.Max(1, (long)(reference.Ticks * edge)), cancellationToken);
            }
        }
    }

    // A fleet keeps at most one open offer and one open request; it accepts the best firm quote on its request.
    private async Task FleetAsync(DemoOperator fleet, Price reference, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var requests = await otc.MyRequestsAsync(fleet.OperatorId, cancellationToken);
        var openRequest = requests.FirstOrDefault(r => r.Request.Status == OtcRequestStatus.Open);
        if (openRequest.Request is { } request)
        {
            var firm = openRequest.Quotes.Where(q => q.IsFirmAt(now)).ToList();
            if (firm.Count > 0 && random.NextDouble() < 0.5)
            {
                var best = request.Side == Side.Buy ? firm.MinBy(q => q.Price.Ticks)! : firm.MaxBy(q => q.Price.Ticks)!;
                await otc.AcceptQuoteAsync(fleet.OperatorId, best.Id, cancellationToken);
            }
        }
        else if (random.NextDouble() < 0.03)
        {
            await otc.RequestQuotesAsync(fleet.OperatorId, random.Next(2) == 0 ? Side.Buy : Side.Sell, random.Next(5, 40) * 1_000, cancellationToken);
        }

        if (random.NextDouble() < 0.04 && !(await otc.MyOffersAsync(fleet.OperatorId, cancellationToken)).Any(o => o.Status == OtcOfferStatus.Open))
        {
            var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            var off = 1m + (0.01m + (decimal)random.NextDouble() * 0.04m) * (side == Side.Sell ? 1 : -1);
            var quantity = random.Next(10, 80) * 1_000L;
            await otc.PostOfferAsync(fleet.OperatorId, side, Math.Max(1, (long)(reference.Ticks * off)), quantity, quantity / 10,
                now.AddMinutes(random.Next(10, 60)), null, cancellationToken);
        }
    }

    // A small operator takes the minimum fill of a random public offer.
    private async Task SmallTakesAsync(DemoOperator small, CancellationToken cancellationToken)
    {
        var offers = await otc.OpenOffersAsync(small.OperatorId, cancellationToken);
        if (offers.Count == 0)
            return;
        var offer = offers[random.Next(offers.Count)];
        await otc.TakeOfferAsync(small.OperatorId, offer.Id, Math.Min(offer.MinimumFill, offer.Remaining), cancellationToken);
    }
}
