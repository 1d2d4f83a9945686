using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace XpFlywheel.Web.Data;

/// <summary>
/// A compiled query (<c>EF.CompileQuery</c>) for each EF model it runs with. A compiled query is bound to the first
/// model it executes against and refuses any other; a process has one model per provider, but one test process holds
/// SQLite's and PostgreSQL's, and a model that is collected takes its compiled query with it.
/// </summary>
/// <typeparam name="TDelegate">The compiled query's delegate type.</typeparam>
internal sealed class PerModel<TDelegate>(Func<TDelegate> compile) where TDelegate : class
{
    private readonly ConditionalWeakTable<IModel, TDelegate> _compiled = new();

    /// <summary>The query compiled for <paramref name="db"/>'s model.</summary>
    public TDelegate For(DbContext db) => _compiled.GetValue(db.Model, _ => compile());
}
