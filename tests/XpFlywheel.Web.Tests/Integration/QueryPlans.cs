using Microsoft.EntityFrameworkCore;
using XpFlywheel.Web.Data;

namespace XpFlywheel.Web.Tests.Integration;

/// <summary>SQLite's plan for a query EF Core wrote (<c>ToQueryString()</c>), for tests that a query reads the index made for it.</summary>
public static class QueryPlans
{
    /// <summary>The plan's steps joined by "; "; the query's <c>.param set @name value</c> lines become parameters.</summary>
    public static async Task<string> OfAsync(AppDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        var lines = sql.Split('\n');
        foreach (var line in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)))
        {
            var parts = line.Trim().Split(' ', 4);
            var parameter = command.CreateParameter();
            parameter.ParameterName = parts[2];
            parameter.Value = parts[3].Trim('\'');
            command.Parameters.Add(parameter);
        }
        command.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            plan.Add(reader.GetString(3));
        return string.Join("; ", plan);
    }
}
