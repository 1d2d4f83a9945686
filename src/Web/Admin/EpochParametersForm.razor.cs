using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Components.Shared;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Parameters;

namespace XpFlywheel.Web.Admin;

/// <summary>
/// Shows the epoch rules in force and any pending change from the published parameter set, and edits the rules the
/// next epoch starts with. The fields follow the published set (a close that puts a pending change in force, another
/// admin's save) until the admin edits them, so saving an untouched form never brings back rules that were replaced.
/// </summary>
public partial class EpochParametersForm
{
    /// <summary>Where this admin's page was served to: their commands carry it to the audit log.</summary>
    [CascadingParameter] private Components.Layout.ClientOrigin? Origin { get; set; }

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    [Parameter, EditorRequired] public string Actor { get; set; } = "";

    private ParameterSet _set = ParameterSet.Defaults;
    private EpochParameters? _filledFrom;
    private IDisposable? _subscription;
    private LiveRefresh? _live;
    private volatile ParameterSet? _published;
    private string _length = "";
    private int _minJobs;
    private decimal _volume, _quality, _diversity, _reputation;
    private long _genesis, _perEpoch;
    private List<string> _errors = [];
    private bool _stale;

    protected override void OnInitialized()
    {
        Show(Parameters.Current);
        _live = new LiveRefresh(Clock, InvokeAsync, () =>
        {
            if (_published is { } published)
                Show(published);
            StateHasChanged();
        });
        _subscription = Feed.Subscribe(e =>
        {
            if (e is ParametersChanged changed)
            {
                _published = changed.Parameters;
                _live.Signal();
            }
        });
    }

    private void Show(ParameterSet set)
    {
        if (set.Version < _set.Version)
            return;
        var untouched = _filledFrom is null || Read() == _filledFrom;
        _set = set;
        if (!untouched)
            return;
        var next = set.NextEpoch;
        _length = next.Length.ToString("c", Invariant);
        _minJobs = next.MinJobs;
        (_volume, _quality, _diversity, _reputation) = (next.Weights.Volume, next.Weights.Quality, next.Weights.Diversity, next.Weights.Reputation);
        (_genesis, _perEpoch) = (next.GenesisEmission.Units, next.EmissionPerEpoch.Units);
        _filledFrom = next;
    }

    /// <summary>
    /// Why the typed length cannot be set, marked under the field as it is typed: not d.hh:mm:ss, or outside the rules
    /// an admin may set (<see cref="EpochParameters.ValidateAsSet"/>); null when it can.
    /// </summary>
    internal static string? LengthProblem(string? text) =>
        !TimeSpan.TryParse(text?.Trim(), Invariant, out var length)
            ? "Enter the length as days.hours:minutes:seconds, e.g. 7.00:00:00 or 00:02:00."
            : (EpochParameters.Default with { Length = length }).ValidateAsSet().FirstOrDefault();

    // The fields as parameters; null while the length does not parse.
    private EpochParameters? Read() =>
        TimeSpan.TryParse(_length, Invariant, out var length)
            ? new EpochParameters(length, _minJobs, new EpochWeights(_volume, _quality, _diversity, _reputation), new Xp(_genesis), new Xp(_perEpoch))
            : null;

    private MudForm? _form;

    private async Task SaveAsync()
    {
        _stale = false;
        if (!await AdminForm.ReadableAsync(_form))
        {
            // The rules the typed numbers break are named beside the fields' marks, as the market and OTC forms do.
            _errors = [AdminForm.Unreadable, .. Read()?.ValidateAsSet() ?? []];
            return;
        }
        if (_filledFrom is { } shown && Parameters.Current.NextEpoch != shown)
        {
            // Filled in from rules that have changed since: saving would put back what the other change had set.
            _filledFrom = null;
            Show(Parameters.Current);
            _errors = [];
            _stale = true;
            return;
        }
        if (Read() is not { } parameters)
        {
            _errors = ["The length must look like 7.00:00:00 (days.hours:minutes:seconds) or 00:02:00."];
            return;
        }
        _errors = [.. parameters.ValidateAsSet()];
        if (_errors.Count > 0)
            return;
        var changed = await Host.SubmitAsync<Core.Economy.Validated<ParameterSet>>(new Core.Commands.SetNextEpochParameters(parameters) { By = Core.Commands.Actor.Admin(Actor, Origin?.Address), Expected = _filledFrom });
        _errors = [.. changed.Errors];
        if (changed.Errors.Contains(AdminForm.ChangedElsewhere))
        {
            // Another change landed between this form's check and the writer's: the writer refused, nothing changed.
            _filledFrom = null;
            Show(Parameters.Current);
            _errors = [];
            _stale = true;
            return;
        }
        if (!changed.IsValid)
            return;
        _filledFrom = null;
        Show(changed.Value!);
        Snackbar.Add(changed.Value!.PendingEpoch is null
            ? "The next epoch keeps the rules in force; nothing is pending."
            : "Epoch parameters saved; they apply from the next epoch.", Severity.Success);
    }

    private static string Describe(EpochParameters p) => string.Create(Invariant,
        $"{p.Length:c} long, {p.MinJobs} jobs to be eligible, weights V {p.Weights.Volume:0.00#} Q {p.Weights.Quality:0.00#} D {p.Weights.Diversity:0.00#} R {p.Weights.Reputation:0.00#}, genesis {Fmt.XpUnit(p.GenesisEmission.Units)}, {Fmt.XpUnit(p.EmissionPerEpoch.Units)} per later epoch");

    public void Dispose()
    {
        _subscription?.Dispose();
        _live?.Dispose();
    }
}
