using Microsoft.AspNetCore.Components;
using XpFlywheel.Web.Components.Shared;

namespace XpFlywheel.Web.Market;

/// <summary>
/// The one live feed of the market panels it encloses: one subscription and one throttle for all of them. On each
/// change it reads one <see cref="MarketView"/> (book, ticker and trades of one journal sequence) and shows it to the
/// panels in the order the hub sends a batch: the book (<see cref="MarketPart.Book"/>), then the trades, then the
/// ticker, in one turn of the circuit. A screen therefore never shows a trade before the book change it caused, nor a
/// ticker older than the tape.
/// </summary>
public partial class MarketLive
{
    private readonly List<Follower> _followers = [];
    private IDisposable? _subscription;
    private LiveRefresh? _live;

    [Inject] private MarketDataService Market { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    /// <summary>The page content holding the market panels (ladder, depth, tape, chart, ticker bar).</summary>
    [Parameter] public RenderFragment? ChildContent { get; set; }

    /// <summary>The view the panels show now; a panel starts from it.</summary>
    public MarketView View { get; private set; } = default!;

    protected override void OnInitialized()
    {
        View = Market.View(TradeTape.Rows);
        _live = new LiveRefresh(Clock, InvokeAsync, Show);
        _subscription = Market.Subscribe(_ => _live.Signal());
    }

    /// <summary>
    /// Calls <paramref name="show"/> (on the circuit) with every new view, in <paramref name="part"/>'s turn; among
    /// panels of one part, in the order they followed. Dispose the result to stop.
    /// </summary>
    public IDisposable Follow(MarketPart part, Action<MarketView> show)
    {
        var follower = new Follower(this, part, show);
        _followers.Add(follower);
        return follower;
    }

    private void Show()
    {
        var view = Market.View(TradeTape.Rows);
        View = view;
        var followers = _followers.ToArray();
        foreach (var part in Enum.GetValues<MarketPart>())
        {
            foreach (var follower in followers)
            {
                if (follower.Part == part)
                    follower.Show(view);
            }
        }
    }

    /// <summary>Stops following the market.</summary>
    public void Dispose()
    {
        _subscription?.Dispose();
        _live?.Dispose();
    }

    private sealed class Follower(MarketLive live, MarketPart part, Action<MarketView> show) : IDisposable
    {
        public MarketPart Part => part;

        public void Show(MarketView view) => show(view);

        public void Dispose() => live._followers.Remove(this);
    }
}
