using System.Data.Common;
using XpFlywheel.Core.Economy;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Core.Matching;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Exchange;

/// <summary>
/// Writes what the engine and ledger did, inside the batch's transaction, with plain parameterised SQL
/// (quoted identifiers, portable between SQLite and PostgreSQL): EF Core's change tracker costs too much on the
/// hot path. Commands are created once per batch and reused for every row.
/// </summary>
internal sealed class ExchangeJournal(DbConnection connection, DbTransaction transaction)
{
    private DbCommand? _insertPostings;
    private DbCommand? _updateWallet;
    private DbCommand? _upsertSystem;
    private DbCommand? _insertOrder;
    private DbCommand? _updateOrder;
    private DbCommand? _insertTrade;
    private DbCommand? _insertAllocations;
    private DbCommand? _insertScoreLines;
    private DbCommand? _upsertMarketState;
    private DbCommand? _insertCommands;
    private DbCommand? _upsertClientOrder;

    // Eight rows (88 parameters) a statement: Microsoft.Data.Sqlite binds every parameter by name on each execution and
    // SQLite finds a name by a linear scan, so binding grows with the square of the parameters; 64 rows a statement
    // (704 parameters) made the whole host 10–25% slower (docs/benchmarks.md, "Through the journal").
    private const int PostingsPerStatement = 8;
    private const int PostingColumns = 11;
    private const string PostingInsert =
        """INSERT INTO "Postings" ("Sequence","FromOwner","FromAsset","FromKind","ToOwner","ToAsset","ToKind","Amount","Reason","Reference","At") VALUES """;
    private const int AllocationsPerStatement = 8;
    private const int AllocationColumns = 12;
    private const string AllocationInsert =
        """INSERT INTO "EpochAllocations" ("EpochNumber","AgentId","OperatorId","Jobs","SuccessfulVolume","DistinctCounterparties","V","Q","D","R","Share","Allocation") VALUES """;

    /// <summary>Inserts postings many rows per statement: per-statement overhead dominates single-row inserts.</summary>
    public void WritePostings(List<Posting> postings, DateTime at)
    {
        var offset = 0;
        while (offset < postings.Count)
        {
            var rows = Math.Min(PostingsPerStatement, postings.Count - offset);
            var command = rows == PostingsPerStatement
                ? _insertPostings ??= PrepareRowsInsert(PostingInsert, PostingColumns, PostingsPerStatement)
                : PrepareRowsInsert(PostingInsert, PostingColumns, rows);
            for (var row = 0; row < rows; row++)
            {
                var posting = postings[offset + row];
                var p = command.Parameters;
                var i = row * PostingColumns;
                p[i].Value = posting.Sequence;
                p[i + 1].Value = posting.From.Owner;
                p[i + 2].Value = (int)posting.From.Asset;
                p[i + 3].Value = (int)posting.From.Kind;
                p[i + 4].Value = posting.To.Owner;
                p[i + 5].Value = (int)posting.To.Asset;
                p[i + 6].Value = (int)posting.To.Kind;
                p[i + 7].Value = posting.Amount;
                p[i + 8].Value = (int)posting.Reason;
                p[i + 9].Value = posting.Reference;
                p[i + 10].Value = at;
            }
            command.ExecuteNonQuery();
            if (rows != PostingsPerStatement)
                command.Dispose();
            offset += rows;
        }
    }

    /// <summary>
    /// Inserts an epoch's allocation lines many rows per statement, as postings are: a close of 40,000 agents
    /// writes them in well under a second, where tracked entities took seconds on the single writer.
    /// </summary>
    public void WriteAllocations(long epochNumber, IReadOnlyList<AgentAllocation> lines) =>
        WriteLineRows(AllocationInsert, ref _insertAllocations, lines.Count, (p, i, row) =>
        {
            var line = lines[row];
            Bind(p, i, epochNumber, line.AgentId, long.Parse(line.OperatorId, System.Globalization.CultureInfo.InvariantCulture), line.Jobs,
                line.SuccessfulVolume.Micros, line.DistinctCounterparties, line.V, line.Q, line.D, line.R, line.Share, line.Allocation.Units);
        });

    private const string ScoreLineInsert =
        """INSERT INTO "EpochScoreLines" ("EpochNumber","AgentId","OperatorId","Jobs","SuccessfulVolume","DistinctCounterparties","V","Q","D","R","Share","Allocation") VALUES """;

    /// <summary>Inserts staged score lines of epoch <paramref name="epochNumber"/> (<see cref="Core.Commands.StageEpochScore"/>), as allocation lines are written.</summary>
    public void WriteScoreLines(long epochNumber, IReadOnlyList<Core.Commands.EpochScoreLine> lines) =>
        WriteLineRows(ScoreLineInsert, ref _insertScoreLines, lines.Count, (p, i, row) =>
        {
            var line = lines[row];
            Bind(p, i, epochNumber, line.AgentId, line.OperatorId, line.Jobs, line.SuccessfulMicros, line.DistinctCounterparties,
                line.V, line.Q, line.D, line.R, line.Share, line.Allocation);
        });

    // Allocation-shaped rows (EpochAllocations, EpochScoreLines), eight a statement: bind(parameters, first index, row).
    private void WriteLineRows(string insert, ref DbCommand? full, int count, Action<DbParameterCollection, int, int> bind)
    {
        var offset = 0;
        while (offset < count)
        {
            var rows = Math.Min(AllocationsPerStatement, count - offset);
            var command = rows == AllocationsPerStatement
                ? full ??= PrepareRowsInsert(insert, AllocationColumns, AllocationsPerStatement)
                : PrepareRowsInsert(insert, AllocationColumns, rows);
            for (var row = 0; row < rows; row++)
                bind(command.Parameters, row * AllocationColumns, offset + row);
            command.ExecuteNonQuery();
            if (rows != AllocationsPerStatement)
                command.Dispose();
            offset += rows;
        }
    }

    private static void Bind(DbParameterCollection p, int i, long epochNumber, long agentId, long operatorId, int jobs, long successfulMicros,
        int counterparties, decimal v, decimal q, decimal d, decimal r, decimal share, long allocation)
    {
        p[i].Value = epochNumber;
        p[i + 1].Value = agentId;
        p[i + 2].Value = operatorId;
        p[i + 3].Value = jobs;
        p[i + 4].Value = successfulMicros;
        p[i + 5].Value = counterparties;
        p[i + 6].Value = v;
        p[i + 7].Value = q;
        p[i + 8].Value = d;
        p[i + 9].Value = r;
        p[i + 10].Value = share;
        p[i + 11].Value = allocation;
    }

    // "INSERT ... VALUES (@p0_0,...),(@p1_0,...)": one prepared statement for a fixed number of rows.
    private DbCommand PrepareRowsInsert(string insert, int columns, int rows)
    {
        var names = new string[rows * columns];
        var values = new System.Text.StringBuilder();
        for (var row = 0; row < rows; row++)
        {
            values.Append(row == 0 ? "(" : ",(");
            for (var column = 0; column < columns; column++)
            {
                var name = $"p{row}_{column}";
                names[row * columns + column] = name;
                values.Append(column == 0 ? "@" : ",@").Append(name);
            }
            values.Append(')');
        }
        return Prepare(insert + values, names);
    }

    public void WriteWallet(long operatorId, long cashAvailable, long cashHeld, long xpAvailable, long xpHeld, long xpLocked, long xpUnlocking)
    {
        var command = _updateWallet ??= Prepare(
            """UPDATE "Wallets" SET "CashAvailable"=@ca,"CashHeld"=@ch,"XpAvailable"=@xa,"XpHeld"=@xh,"XpLocked"=@xl,"XpUnlocking"=@xu WHERE "Id"=@id""",
            "ca", "ch", "xa", "xh", "xl", "xu", "id");
        Run(command, cashAvailable, cashHeld, xpAvailable, xpHeld, xpLocked, xpUnlocking, operatorId);
    }

    public void WriteSystemAccount(AccountId account, long balance)
    {
        var command = _upsertSystem ??= Prepare(
            """INSERT INTO "SystemAccounts" ("Kind","Asset","Balance") VALUES (@k,@as,@b) ON CONFLICT ("Kind") DO UPDATE SET "Balance"=excluded."Balance" """,
            "k", "as", "b");
        Run(command, (int)account.Kind, (int)account.Asset, balance);
    }

    /// <summary>
    /// The engine's counters and the journal sequence the result tables now reflect (the projection's checkpoint);
    /// never written over by an older checkpoint.
    /// </summary>
    public void WriteMarketState(MarketStateRecord state, long projectedSequence)
    {
        var command = _upsertMarketState ??= Prepare(
            """INSERT INTO "MarketState" ("Id","LastPriceTicks","NextOrderId","NextTradeId","NextSequence","NextPostingSequence","Halted","ProjectedSequence") VALUES (1,@lp,@no,@nt,@ns,@np,@h,@ps) ON CONFLICT ("Id") DO UPDATE SET "LastPriceTicks"=excluded."LastPriceTicks","NextOrderId"=excluded."NextOrderId","NextTradeId"=excluded."NextTradeId","NextSequence"=excluded."NextSequence","NextPostingSequence"=excluded."NextPostingSequence","Halted"=excluded."Halted","ProjectedSequence"=excluded."ProjectedSequence" WHERE excluded."ProjectedSequence" >= "MarketState"."ProjectedSequence" """,
            "lp", "no", "nt", "ns", "np", "h", "ps");
        Run(command, state.LastPriceTicks, state.NextOrderId, state.NextTradeId, state.NextSequence, state.NextPostingSequence, state.Halted, projectedSequence);
    }

    /// <summary>A client order id's first outcome; an id past its retention whose row the purge has not reached yet is replaced.</summary>
    public void UpsertClientOrder(in PlaceOrder command, bool accepted, RejectReason reason, long orderId, DateTime at)
    {
        var sql = _upsertClientOrder ??= Prepare(
            """INSERT INTO "ClientOrders" ("OperatorId","ClientOrderId","Side","Type","PriceTicks","Quantity","TimeInForce","PostOnly","Status","RejectReason","OrderId","At") VALUES (@op,@cid,@side,@type,@p,@q,@tif,@po,@st,@rr,@oid,@at) ON CONFLICT ("OperatorId","ClientOrderId") DO UPDATE SET "Side"=excluded."Side","Type"=excluded."Type","PriceTicks"=excluded."PriceTicks","Quantity"=excluded."Quantity","TimeInForce"=excluded."TimeInForce","PostOnly"=excluded."PostOnly","Status"=excluded."Status","RejectReason"=excluded."RejectReason","OrderId"=excluded."OrderId","At"=excluded."At" """,
            "op", "cid", "side", "type", "p", "q", "tif", "po", "st", "rr", "oid", "at");
        Run(sql, command.OperatorId, command.ClientOrderId!, (int)command.Side, (int)command.Type, command.LimitPrice.Ticks, command.Quantity.Units,
            (int)command.TimeInForce, command.PostOnly, accepted ? 0 : 1, (int)reason, orderId, at);
    }

    public void InsertOrder(in PlaceOrder command, long orderId, OrderStatus status, long remaining, long filled, long held, long sequence, string? cancelReason, DateTime at)
    {
        var sql = _insertOrder ??= Prepare(
            """INSERT INTO "Orders" ("Id","OperatorId","Side","Type","TimeInForce","PostOnly","PriceTicks","Quantity","Remaining","Filled","Held","Sequence","Status","CancelReason","ClientOrderId","CreatedAt","UpdatedAt") VALUES (@id,@op,@side,@type,@tif,@po,@p,@q,@rem,@f,@h,@seq,@st,@cr,@cid,@at,@at)""",
            "id", "op", "side", "type", "tif", "po", "p", "q", "rem", "f", "h", "seq", "st", "cr", "cid", "at");
        Run(sql, orderId, command.OperatorId, (int)command.Side, (int)command.Type, (int)command.TimeInForce, command.PostOnly,
            command.LimitPrice.Ticks, command.Quantity.Units, remaining, filled, held, sequence, (int)status,
            (object?)cancelReason ?? DBNull.Value, (object?)command.ClientOrderId ?? DBNull.Value, at);
    }

    /// <summary>Brings an existing order row to the engine's view: what it filled in this command, where it now stands, and (while it rests) its total quantity, filled + remaining, which an amend changes; a filled order's quantity is what it filled.</summary>
    public void UpdateOrder(long orderId, long filledDelta, long remaining, long held, long priceTicks, long sequence, OrderStatus status, string? cancelReason, DateTime at)
    {
        var command = _updateOrder ??= Prepare(
            """UPDATE "Orders" SET "Quantity"=CASE WHEN @st <= 1 THEN "Filled"+@fd+@rem WHEN @st = 2 THEN "Filled"+@fd ELSE "Quantity" END,"Filled"="Filled"+@fd,"Remaining"=@rem,"Held"=@h,"PriceTicks"=CASE WHEN @p > 0 THEN @p ELSE "PriceTicks" END,"Sequence"=CASE WHEN @seq > 0 THEN @seq ELSE "Sequence" END,"Status"=CASE WHEN @st = 1 AND "Filled"+@fd = 0 THEN 0 ELSE @st END,"CancelReason"=COALESCE(@cr,"CancelReason"),"UpdatedAt"=@at WHERE "Id"=@id""",
            "fd", "rem", "h", "p", "seq", "st", "cr", "at", "id");
        Run(command, filledDelta, remaining, held, priceTicks, sequence, (int)status, (object?)cancelReason ?? DBNull.Value, at, orderId);
    }

    public void InsertTrade(in Fill fill, DateTime at, long sequence)
    {
        var command = _insertTrade ??= Prepare(
            """INSERT INTO "Trades" ("Id","MakerOrderId","TakerOrderId","MakerOperatorId","TakerOperatorId","PriceTicks","Quantity","TakerSide","TakerFee","MakerFee","ExecutedAt","Sequence") VALUES (@id,@mo,@to,@mop,@top,@p,@q,@ts,@tf,@mf,@at,@seq)""",
            "id", "mo", "to", "mop", "top", "p", "q", "ts", "tf", "mf", "at", "seq");
        Run(command, fill.TradeId, fill.MakerOrderId, fill.TakerOrderId, fill.MakerOperatorId, fill.TakerOperatorId,
            fill.Price.Ticks, fill.Quantity.Units, (int)fill.TakerSide, fill.TakerFee.Micros, fill.MakerFee.Micros, at, sequence);
    }

    private const int CommandsPerStatement = 16;
    private const int CommandColumns = 7;
    private const string CommandInsert = """INSERT INTO "Journal" ("Sequence","At","Type","Actor","IdempotencyKey","Command","NextPostingSequence") VALUES """;

    /// <summary>
    /// Appends the batch's applied commands to the journal, in sequence order, many rows a statement, each with the
    /// ledger's next posting sequence after it when <paramref name="nextPostings"/> (by journal sequence) has one
    /// (<see cref="Data.Entities.JournalEntry.NextPostingSequence"/>).
    /// </summary>
    public void WriteCommands(List<Core.Commands.ExchangeCommand> commands, IReadOnlyDictionary<long, long>? nextPostings = null)
    {
        var offset = 0;
        while (offset < commands.Count)
        {
            var rows = Math.Min(CommandsPerStatement, commands.Count - offset);
            var insert = rows == CommandsPerStatement
                ? _insertCommands ??= PrepareRowsInsert(CommandInsert, CommandColumns, CommandsPerStatement)
                : PrepareRowsInsert(CommandInsert, CommandColumns, rows);
            for (var row = 0; row < rows; row++)
            {
                var command = commands[offset + row];
                var p = insert.Parameters;
                var i = row * CommandColumns;
                p[i].Value = command.Sequence;
                p[i + 1].Value = command.At;
                p[i + 2].Value = command.TypeName;
                p[i + 3].Value = command.By.Scope;
                p[i + 4].Value = (object?)command.IdempotencyKey ?? DBNull.Value;
                p[i + 5].Value = Core.Commands.CommandJson.Serialize(command);
                p[i + 6].Value = nextPostings is not null && nextPostings.TryGetValue(command.Sequence, out var next) ? next : DBNull.Value;
            }
            insert.ExecuteNonQuery();
            if (rows != CommandsPerStatement)
                insert.Dispose();
            offset += rows;
        }
    }

    /// <summary>
    /// Signals <paramref name="channel"/> to the other nodes when the transaction commits (PostgreSQL's NOTIFY, delivered
    /// only on commit, so a follower is never woken for rows it cannot see yet). Nothing on SQLite.
    /// </summary>
    public void Notify(string channel)
    {
        if (connection is not Npgsql.NpgsqlConnection)
            return;
        using var notify = connection.CreateCommand();
        notify.Transaction = transaction;
        notify.CommandText = "NOTIFY " + channel;
        notify.ExecuteNonQuery();
    }

    /// <summary>Stores the first accepted outcome of each keyed command of the batch.</summary>
    public void WriteIdempotencyKeys(IEnumerable<IdempotencyEntry> entries)
    {
        DbCommand? upsert = null;
        foreach (var entry in entries)
        {
            // A key whose earlier entry expired is reused: replace that row.
            upsert ??= Prepare(
                """"INSERT INTO "IdempotencyKeys" ("Scope","Key","Sequence","Terms","Outcome","ExpiresAt") VALUES (@scope,@key,@seq,@terms,@outcome,@exp) ON CONFLICT ("Scope","Key") DO UPDATE SET "Sequence"=excluded."Sequence","Terms"=excluded."Terms","Outcome"=excluded."Outcome","ExpiresAt"=excluded."ExpiresAt" """",
                "scope", "key", "seq", "terms", "outcome", "exp");
            Run(upsert, entry.Scope, entry.Key, entry.Sequence, entry.Terms, entry.Outcome, entry.ExpiresAt);
        }
        upsert?.Dispose();
    }

    /// <summary>Deletes the stored first outcomes of client order ids the engine has forgotten (past their retention).</summary>
    public void DeleteClientOrders(IReadOnlyList<(long OperatorId, string ClientOrderId)> keys)
    {
        if (keys.Count == 0)
            return;
        using var delete = Prepare("""DELETE FROM "ClientOrders" WHERE "OperatorId"=@op AND "ClientOrderId"=@cid""", "op", "cid");
        foreach (var (operatorId, clientOrderId) in keys)
            Run(delete, operatorId, clientOrderId);
    }

    /// <summary>Forgets idempotency keys past their retention, so the table cannot grow without bound.</summary>
    public void PurgeIdempotencyKeys(DateTime now) =>
        Execute("""DELETE FROM "IdempotencyKeys" WHERE "ExpiresAt" <= @now""", ("now", now));

    public void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        command.ExecuteNonQuery();
    }

    private DbCommand Prepare(string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            command.Parameters.Add(parameter);
        }
        // No explicit Prepare: SQLite compiles the statement on first run and the command keeps it for the batch;
        // Npgsql prepares repeated statements itself (Max Auto Prepare) and cannot prepare before values are typed.
        return command;
    }

    private static void Run(DbCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i];
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _insertPostings?.Dispose();
        _insertScoreLines?.Dispose();
        _updateWallet?.Dispose();
        _upsertSystem?.Dispose();
        _insertOrder?.Dispose();
        _updateOrder?.Dispose();
        _insertTrade?.Dispose();
        _insertAllocations?.Dispose();
        _upsertMarketState?.Dispose();
        _insertCommands?.Dispose();
        _upsertClientOrder?.Dispose();
    }
}
