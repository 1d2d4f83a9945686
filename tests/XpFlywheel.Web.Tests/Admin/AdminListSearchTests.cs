using System.Data.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Admin;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Components;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Admin;

/// <summary>The admin's lists (users, audit log) show what their search asks for, whatever order their loads finish in.</summary>
public sealed class AdminListSearchTests : MudTestContext
{
    private readonly HoldUnfilteredRead _hold = new();
    private readonly AppFactory _app;
    private readonly IServiceScope _scope;

    public AdminListSearchTests()
    {
        _app = new AppFactory { TestServices = AppFactory.Intercepting(_hold) };
        _scope = _app.Services.CreateScope();
        Services.AddSingleton(_scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>());
        foreach (var type in new[] { typeof(IDbContextFactory<AppDbContext>), typeof(TradingService), typeof(Web.Settings.AuditLog), typeof(TimeProvider) })
            Services.AddSingleton(type, _app.Services.GetRequiredService(type));
    }

    protected override void Dispose(bool disposing)
    {
        _hold.Release();
        _scope.Dispose();
        _app.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>
    /// A search typed while the page's first load (every user) still reads shows the search's users, and the first
    /// load, finishing after it, does not put every user back. Both loads run at once without failing: each reads
    /// through a context of its own.
    /// </summary>
    [Fact]
    public async Task A_search_typed_while_the_list_loads_shows_its_users_when_the_older_load_finishes_last()
    {
        var wanted = $"search-wanted-{Guid.NewGuid():N}@test.local";
        await Operators.CreateAsync(_app.Services, wanted);
        await Operators.CreateAsync(_app.Services, $"search-other-{Guid.NewGuid():N}@test.local");
        await _app.Services.GetRequiredService<ExchangeHost>().Ready;

        _hold.Arm("AspNetUsers");
        SignInAsAdmin();
        var cut = Render<AdminUsers>();
        await _hold.Held.WaitAsync(TimeSpan.FromSeconds(10));

        cut.WaitForAssertion(() => cut.Find("input").Input(wanted));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("button"), b => b.TextContent.Trim() == "Credit cash"), TimeSpan.FromSeconds(5));
        Assert.Contains(wanted, cut.Markup);

        _hold.Release();
        await _hold.Finished.WaitAsync(TimeSpan.FromSeconds(10));
        // The first load goes on (its role read, then its rows) after its reader returns: the list is watched for three
        // seconds, long enough for that on a busy machine, and must show the search's one user throughout.
        for (var watched = System.Diagnostics.Stopwatch.StartNew(); watched.Elapsed < TimeSpan.FromSeconds(3);)
        {
            await Task.Delay(100);
            await cut.InvokeAsync(() =>
            {
                Assert.Single(cut.FindAll("button"), b => b.TextContent.Trim() == "Credit cash");
                Assert.Contains(wanted, cut.Markup);
                Assert.DoesNotContain("search-other-", cut.Markup);
                Assert.Empty(cut.FindAll("[data-testid=users-error]"));
            });
        }
    }

    /// <summary>
    /// A filter typed while the audit log's first load (every entry) still reads shows the filter's entries, and the
    /// first load, finishing after it, does not put every entry back.
    /// </summary>
    [Fact]
    public async Task An_audit_filter_typed_while_the_log_loads_shows_its_entries_when_the_older_load_finishes_last()
    {
        var audit = _app.Services.GetRequiredService<Web.Settings.AuditLog>();
        var wanted = $"wanted-{Guid.NewGuid():N}";
        await audit.WriteAsync("admin@test.local", wanted, "operator 1");
        await audit.WriteAsync("admin@test.local", "other-action", "operator 1");

        _hold.Arm("AuditLog");
        SignInAsAdmin();
        var cut = Render<AdminAudit>();
        await _hold.Held.WaitAsync(TimeSpan.FromSeconds(10));

        // The second field is the action's.
        cut.WaitForAssertion(() => cut.FindAll("input")[1].Input(wanted));
        cut.WaitForAssertion(() => Assert.Contains(wanted, cut.Find("[data-testid=audit-table]").TextContent), TimeSpan.FromSeconds(5));
        Assert.DoesNotContain("other-action", cut.Markup);

        _hold.Release();
        await _hold.Finished.WaitAsync(TimeSpan.FromSeconds(10));
        for (var watched = System.Diagnostics.Stopwatch.StartNew(); watched.Elapsed < TimeSpan.FromSeconds(3);)
        {
            await Task.Delay(100);
            await cut.InvokeAsync(() =>
            {
                Assert.Contains(wanted, cut.Markup);
                Assert.DoesNotContain("other-action", cut.Markup);
            });
        }
    }

    // Holds the first unfiltered, ordered read (no WHERE) of the armed table, until released.
    private sealed class HoldUnfilteredRead : DbCommandInterceptor
    {
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private string? _table;

        public Task Held => _held.Task;

        public Task Finished => _finished.Task;

        public void Arm(string table) => Volatile.Write(ref _table, table);

        public void Release() => _release.TrySetResult();

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
            CancellationToken cancellationToken = default)
        {
            var text = command.CommandText;
            if (Volatile.Read(ref _table) is { } table && text.Contains($"\"{table}\"", StringComparison.Ordinal)
                && text.Contains("ORDER BY", StringComparison.Ordinal) && !text.Contains("WHERE", StringComparison.Ordinal)
                && Interlocked.CompareExchange(ref _table, null, table) == table)
            {
                _held.TrySetResult();
                await _release.Task;
                _finished.TrySetResult();
            }
            return result;
        }
    }
}
