using Microsoft.EntityFrameworkCore;

namespace XpFlywheel.Web.Data;

/// <summary>
/// The app's model on PostgreSQL. It adds nothing to <see cref="AppDbContext"/>: it exists so PostgreSQL has its own
/// migrations (<c>Data/Migrations/Postgres</c>, found by this type), beside SQLite's. Everything that reads or writes
/// asks for an <see cref="AppDbContext"/>; on PostgreSQL it gets one of these.
/// </summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);
