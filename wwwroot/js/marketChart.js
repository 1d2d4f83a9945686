// Price and depth charts for the market page, drawn with TradingView's lightweight-charts (Apache-2.0), which the
// build installs from npm into lib/. Blazor creates one chart per element and talks to the returned object.
const libraryUrl = 'lib/lightweight-charts/lightweight-charts.standalone.production.js';
let library;

function loadLibrary() {
    if (window.LightweightCharts) return Promise.resolve(window.LightweightCharts);
    library ??= new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = libraryUrl;
        script.onload = () => resolve(window.LightweightCharts);
        script.onerror = () => { library = undefined; reject(new Error('The chart library could not be loaded.')); };
        document.head.appendChild(script);
    });
    return library;
}

const up = '#26a69a';
const down = '#ef5350';
const priceFormat = { type: 'price', precision: 4, minMove: 0.0001 };

// The colours come from the app's theme (AppTheme.Chart), light or dark, and change when the theme does; times are
// written in the zone the rest of the page uses (colours.zone, an IANA name or UTC).
function baseOptions(colours) {
    return {
        autoSize: true,
        layout: { background: { color: 'transparent' }, textColor: colours.text, attributionLogo: true },
        grid: { vertLines: { color: colours.grid }, horzLines: { color: colours.grid } },
        rightPriceScale: { borderVisible: false },
    };
}

// The library's attribution link (kept, as its licence asks) is an icon alone: a keyboard or screen-reader user
// reached a tab stop announced as "A". It is named once the library has drawn it.
const attributionLabel = 'Charts by TradingView (opens in a new tab)';

function nameAttribution(element) {
    const name = () => {
        const link = element.querySelector('a#tv-attr-logo');
        if (link && !link.hasAttribute('aria-label')) link.setAttribute('aria-label', attributionLabel);
        return link !== null;
    };
    if (name()) return;
    const watcher = new MutationObserver(() => { if (name()) watcher.disconnect(); });
    watcher.observe(element, { childList: true, subtree: true });
}

function zonedTimes(zone) {
    const time = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const day = new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: 'numeric', month: 'short' });
    return {
        localization: { timeFormatter: t => `${day.format(t * 1000)} ${time.format(t * 1000)}` },
        // Tick mark types 0-2 are year, month and day; 3-4 are times of day.
        timeScale: { tickMarkFormatter: (t, type) => (type <= 2 ? day : time).format(t * 1000) },
    };
}

const toTime = c => Math.floor(Date.parse(c.start) / 1000);

export async function createPriceChart(element, colours) {
    const lw = await loadLibrary();
    element.dataset.text = colours.text;
    const chart = lw.createChart(element, {
        ...baseOptions(colours),
        crosshair: { mode: lw.CrosshairMode.Normal },
    });
    nameAttribution(element);
    chart.applyOptions(zonedTimes(colours.zone));
    chart.applyOptions({ timeScale: { timeVisible: true, secondsVisible: false, borderVisible: false } });
    const candles = chart.addSeries(lw.CandlestickSeries, {
        upColor: up, downColor: down, borderVisible: false, wickUpColor: up, wickDownColor: down, priceFormat,
    });
    // Volume sits under the candles on its own overlay scale, with no last-value tag or line: on the right axis the tag
    // covered the lowest price label.
    const volume = chart.addSeries(lw.HistogramSeries, { priceFormat: { type: 'volume' }, priceScaleId: '', lastValueVisible: false, priceLineVisible: false });
    volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    candles.priceScale().applyOptions({ scaleMargins: { top: 0.1, bottom: 0.25 } });
    let lines = [];

    const bar = c => ({ time: toTime(c), open: c.open, high: c.high, low: c.low, close: c.close });
    const vol = c => ({ time: toTime(c), value: c.volume, color: c.close >= c.open ? up + '80' : down + '80' });

    return {
        setCandles(list) {
            candles.setData(list.map(bar));
            volume.setData(list.map(vol));
            chart.timeScale().fitContent();
            element.dataset.candles = String(list.length);
        },
        update(candle) {
            candles.update(bar(candle));
            volume.update(vol(candle));
            element.dataset.lastClose = String(candle.close);
        },
        setRange(floor, ceiling) {
            lines.forEach(line => candles.removePriceLine(line));
            lines = [];
            if (floor != null) lines.push(candles.createPriceLine({ price: floor, color: '#8d6e63', lineWidth: 1, lineStyle: lw.LineStyle.Dashed, axisLabelVisible: true, title: 'Floor: earning cost' }));
            if (ceiling != null) lines.push(candles.createPriceLine({ price: ceiling, color: '#7e57c2', lineWidth: 1, lineStyle: lw.LineStyle.Dashed, axisLabelVisible: true, title: 'Ceiling: burn break-even' }));
        },
        setColours(next) { chart.applyOptions({ ...baseOptions(next), ...zonedTimes(next.zone) }); element.dataset.text = next.text; },
        dispose() { chart.remove(); },
    };
}

export async function createDepthChart(element, colours) {
    const lw = await loadLibrary();
    element.dataset.text = colours.text;
    const chart = lw.createOptionsChart(element, {
        ...baseOptions(colours),
        localization: { precision: 4 },
        timeScale: { borderVisible: false },
        handleScroll: false,
        handleScale: false,
    });
    nameAttribution(element);
    // No last-value label or line: the depth's "last value" is the far end of a side, and its label sat over the
    // axis's own labels.
    const side = colour => ({ lineColor: colour, topColor: colour + '66', bottomColor: colour + '10', lineType: lw.LineType.WithSteps,
        priceFormat: { type: 'volume' }, lastValueVisible: false, priceLineVisible: false });
    const bids = chart.addSeries(lw.AreaSeries, side(up));
    const asks = chart.addSeries(lw.AreaSeries, side(down));
    return {
        // Each side as [price, cumulative XP] best first; the chart wants ascending prices.
        setDepth(bidLevels, askLevels) {
            bids.setData(bidLevels.map(l => ({ time: l.price, value: l.cumulative })).reverse());
            asks.setData(askLevels.map(l => ({ time: l.price, value: l.cumulative })));
            // Half a level of room at each end, so the outermost prices' labels are not cut at the chart's edges.
            const levels = bidLevels.length + askLevels.length;
            if (levels > 0)
                chart.timeScale().setVisibleLogicalRange({ from: -0.5, to: levels - 0.5 });
            else
                chart.timeScale().fitContent();
            element.dataset.levels = String(bidLevels.length + askLevels.length);
        },
        setColours(next) { chart.applyOptions(baseOptions(next)); element.dataset.text = next.text; },
        dispose() { chart.remove(); },
    };
}
