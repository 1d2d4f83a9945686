namespace XpFlywheel.Web.Tests.Integration;

/// <summary>
/// A test of the SQLite file itself (its lock file, query plans, raw SQL on the file, a second process on it): skipped
/// when the suite runs on PostgreSQL (<see cref="AppFactory.OnPostgres"/>), where the PostgreSQL tests cover the same
/// rules on that engine.
/// </summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (AppFactory.OnPostgres)
            Skip = SqliteTheoryAttribute.Reason;
    }
}

/// <inheritdoc cref="SqliteFactAttribute"/>
public sealed class SqliteTheoryAttribute : TheoryAttribute
{
    internal const string Reason = "Works on the SQLite file itself; this run is on PostgreSQL.";

    public SqliteTheoryAttribute()
    {
        if (AppFactory.OnPostgres)
            Skip = Reason;
    }
}
