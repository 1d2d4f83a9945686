namespace XpFlywheel.Web.Data;

/// <summary>The database engines the app runs on (<c>Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>One file beside the app (the embedded default of <c>dotnet run</c>).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (Npgsql), for deployments that outgrow one file.</summary>
    Postgres,
}

/// <summary>Reads <c>Database:Provider</c>.</summary>
public static class DatabaseProviders
{
    /// <summary>
    /// <c>Sqlite</c> when empty; otherwise <c>Sqlite</c> or <c>Postgres</c> (also <c>PostgreSQL</c>, <c>Npgsql</c>), in
    /// any case.
    /// </summary>
    /// <exception cref="Operations.StartupConfigurationException">Any other name: start-up stops with it rather than guess.</exception>
    public static DatabaseProvider Parse(string? name) => name?.Trim().ToUpperInvariant() switch
    {
        null or "" or "SQLITE" => DatabaseProvider.Sqlite,
        "POSTGRES" or "POSTGRESQL" or "NPGSQL" => DatabaseProvider.Postgres,
        _ => throw new Operations.StartupConfigurationException($"Database:Provider '{name}' is not known: use Sqlite (the default) or Postgres."),
    };
}
