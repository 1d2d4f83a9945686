using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using XpFlywheel.Web.Components.Shared;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Api;

/// <summary>Lists the operator's API keys, creates keys with a scope, an expiry and an IP allow-list, and revokes them.</summary>
public partial class ApiKeysPage
{
    private static readonly (int Days, string Label)[] ExpiryChoices =
        [(0, "Never"), (7, "In 7 days"), (30, "In 30 days"), (90, "In 90 days"), (365, "In a year")];

    private enum KeyStatus { Active, Expired, Revoked }

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private long _operatorId;
    private IReadOnlyList<ApiKeyService.KeyInfo>? _keys;
    private ApiKeyService.CreatedKey? _created;
    private string? _name;
    private ApiKeyScope _scope = ApiKeyScope.Trade;
    private int _expiryDays;
    private string? _networks;
    private string? _error;
    private string? _field;

    // A field's refusal goes once the field is changed: it was about the value before.
    private void Edited(string field)
    {
        if (_field == field)
            (_error, _field) = (null, null);
    }
    private bool _busy;

    protected override async Task OnInitializedAsync()
    {
        _operatorId = await Directory.FindOperatorIdAsync((await AuthenticationState).User) ?? 0;
        _keys = await Keys.ListAsync(_operatorId);
    }

    private async Task CreateAsync()
    {
        // One creation at a time (a click while one runs is ignored).
        if (_busy)
            return;
        _busy = true;
        try
        {
            await CreateOnceAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    // Set by a creation that cleared the form: the very next submission of that blank form is the second click of a
    // double click (it can reach the page after the first has finished) and is ignored once, without an error.
    private bool _justCreated;

    private async Task CreateOnceAsync()
    {
        if (_justCreated && string.IsNullOrWhiteSpace(_name))
        {
            _justCreated = false;
            return;
        }
        _justCreated = false;
        (_error, _field) = (null, null);
        await SubmitErrors.ShowClearedAsync();
        var expiresAt = _expiryDays > 0 ? Clock.GetUtcNow().UtcDateTime.AddDays(_expiryDays) : (DateTime?)null;
        var creation = await Keys.CreateAsync(_operatorId, _name, new ApiKeyService.KeyOptions(_scope, expiresAt, _networks));
        // The one-time secret stays on screen until another key is created: a refused submission (the second click of
        // a double click arrives after the first has created the key and cleared the form) must not hide it.
        (_error, _field) = (creation.Error, creation.Field);
        if (creation.Key is not null)
            (_created, _justCreated) = (creation.Key, true);
        if (creation.Key is not null)
        {
            _keys = await Keys.ListAsync(_operatorId);
            // The networks as the key holds them (1.2.3.4/32), as the list shows them, not the text as typed.
            var networks = _keys.FirstOrDefault(k => k.Id == creation.Key.Id)?.AllowedNetworks ?? [];
            await AuditAsync("api key created", creation.Key.Name,
                $"scope {_scope}, expires {expiresAt?.ToString("yyyy-MM-dd") ?? "never"}, networks {(networks.Count == 0 ? "any" : string.Join(", ", networks))}");
            (_name, _scope, _expiryDays, _networks) = (null, ApiKeyScope.Trade, 0, null);
        }
    }

    private async Task RevokeAsync(ApiKeyService.KeyInfo key)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Revoke key", $"Programs using \"{key.Name}\" will be refused from now on. Revoke it?", yesText: "Revoke", cancelText: "Cancel");
        if (confirmed != true)
            return;
        if (await Keys.RevokeAsync(_operatorId, key.Id))
            await AuditAsync("api key revoked", key.Name, key.Prefix);
        // A revoked key's secret is worth nothing: the banner no longer shows it or asks for it to be copied.
        if (_created?.Id == key.Id)
            _created = null;
        _keys = await Keys.ListAsync(_operatorId);
    }

    // The circuit's own request carries the browser's address.
    private async Task AuditAsync(string action, string keyName, string detail)
    {
        var user = (await AuthenticationState).User.Identity?.Name ?? $"operator {_operatorId}";
        await Audit.SecurityAsync(user, action, $"key \"{keyName}\"", HttpContextAccessor.HttpContext?.Connection.RemoteIpAddress?.ToString(), detail);
    }

    private static string ScopeLabel(ApiKeyScope scope) => scope == ApiKeyScope.ReadOnly ? "Read-only (GET only)" : "Trade (read and change)";

    private static string ExpiryLabel(int days) => ExpiryChoices.FirstOrDefault(c => c.Days == days).Label ?? $"In {days} days";

    private KeyStatus StatusOf(ApiKeyService.KeyInfo key) =>
        key.RevokedAt is not null ? KeyStatus.Revoked
        : key.ExpiresAt <= Clock.GetUtcNow().UtcDateTime ? KeyStatus.Expired
        : KeyStatus.Active;
}
