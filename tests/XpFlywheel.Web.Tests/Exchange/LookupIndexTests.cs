using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Exchange;

/// <summary>The look-ups by client order id and by a trade's order ids read an index, not the whole table.</summary>
public sealed class LookupIndexTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private async Task<string> PlanAsync(string sql)
    {
        await _factory.Services.GetRequiredService<ExchangeHost>().Ready;
        await using var connection = new SqliteConnection($"Data Source={_factory.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync())
            plan.Add(reader.GetString(3));
        return string.Join(" | ", plan);
    }

    [SqliteFact]
    public async Task An_order_looked_up_by_its_client_order_id_reads_the_operator_and_client_id_index()
    {
        var plan = await PlanAsync("""SELECT * FROM "Orders" WHERE "OperatorId" = 7 AND "ClientOrderId" = 'abc'""");
        Assert.Contains("USING INDEX IX_Orders_OperatorId_ClientOrderId", plan);
        Assert.DoesNotContain("SCAN", plan);
    }

    [SqliteFact]
    public async Task An_orders_fills_are_found_by_the_maker_and_taker_order_id_indexes()
    {
        var plan = await PlanAsync(
            """SELECT * FROM "Trades" WHERE ("MakerOperatorId" = 7 AND "MakerOrderId" IN (1, 2)) OR ("TakerOperatorId" = 7 AND "TakerOrderId" IN (1, 2))""");
        Assert.Contains("IX_Trades_MakerOrderId_MakerOperatorId", plan);
        Assert.Contains("IX_Trades_TakerOrderId_TakerOperatorId", plan);
        Assert.DoesNotContain("SCAN", plan);
    }
}
