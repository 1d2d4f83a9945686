using System.Text.Json;
using XpFlywheel.Core.Commands;
using XpFlywheel.Core.Ledger;
using XpFlywheel.Web.Economy;

namespace XpFlywheel.Web.Exchange;

/// <summary>A unit of work queued for the single writer, answered once its batch is durable.</summary>
internal abstract class ExchangeRequest
{
    /// <summary>The command this request applies (journaled), or null for a read on the writer's state.</summary>
    public ExchangeCommand? Command { get; set; }

    /// <summary>A journaled command applied again with its recorded sequence and time (see <c>ExchangeHost.ReplayAsync</c>).</summary>
    public bool Replayed { get; init; }

    /// <summary>Work that only reads the writer's state (<see cref="ExchangeHost.ReadAsync{T}"/>): it changes nothing.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>
    /// True once answered from an earlier outcome (an idempotent repeat or a key conflict): not run. The answer is held
    /// until the batch commits (<see cref="Complete"/>): the earlier outcome may be from this same batch, which can still
    /// roll back, and a batch run again starts with the answer cleared (<see cref="ClearAnswer"/>).
    /// </summary>
    public bool Answered { get; protected set; }

    /// <summary>The refusal to give once the batch commits, when <see cref="Answered"/> with an error.</summary>
    protected Exception? Refusal { get; private set; }

    public abstract void Run(ExchangeSession session);
    public abstract void Complete();
    public abstract void Fail(Exception error);

    /// <summary>The outcome as JSON, kept for repeats of the same idempotency key.</summary>
    public abstract string OutcomeJson();

    /// <summary>Whether the outcome is an acceptance: only accepted outcomes consume an idempotency key.</summary>
    public abstract bool Accepted { get; }

    /// <summary>Answers with the outcome stored for the key, without running the command again.</summary>
    public abstract void AnswerWith(string outcomeJson);

    /// <summary>Answers with an error once the batch commits, without running the command.</summary>
    public void Refuse(Exception error)
    {
        Answered = true;
        Refusal = error;
    }

    /// <summary>Forgets an answer not yet given, before the request's batch runs (again).</summary>
    public virtual void ClearAnswer()
    {
        Answered = false;
        Refusal = null;
    }
}

internal sealed class ExchangeRequest<T> : ExchangeRequest
{
    private readonly Func<ExchangeSession, T>? _work;
    private readonly Func<ExchangeSession, ExchangeCommand, T>? _handler;

    /// <summary>A read (or test set-up) run as given.</summary>
    public ExchangeRequest(Func<ExchangeSession, T> work) => _work = work;

    /// <summary>A command applied by its handler, which receives the command as the writer stamped it.</summary>
    public ExchangeRequest(ExchangeCommand command, Func<ExchangeSession, ExchangeCommand, T> handler)
    {
        Command = command;
        _handler = handler;
    }

    private static readonly JsonSerializerOptions Json = CommandJson.Options;
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _completion.Task;

    public override void Run(ExchangeSession session) => _result = _handler is { } handler ? handler(session, Command!) : _work!(session);

    public override void Complete()
    {
        if (!Answered)
            _completion.TrySetResult(_result!);
        else if (Refusal is { } refusal)
            _completion.TrySetException(refusal);
        else
            _completion.TrySetResult(_answer!);
    }

    private T? _answer;

    public override void ClearAnswer()
    {
        base.ClearAnswer();
        _answer = default;
    }

    public override void Fail(Exception error) => _completion.TrySetException(error);

    public override string OutcomeJson() => JsonSerializer.Serialize(_result, Json);

    public override bool Accepted => _result switch
    {
        ICommandOutcome outcome => outcome.Succeeded,
        TransferResult transfer => transfer.Succeeded,
        _ => true,
    };

    public override void AnswerWith(string outcomeJson)
    {
        Answered = true;
        // A caller of no particular type (the cluster's relay) gets the stored outcome marked as a repeat; a typed one
        // gets it as its type, flagged as a repeat where the type can say so.
        if (typeof(T) == typeof(object))
        {
            _answer = (T)(object)new RepeatedOutcome(outcomeJson);
            return;
        }
        var first = JsonSerializer.Deserialize<T>(outcomeJson, Json)!;
        _answer = first is IRepeatableOutcome repeatable ? (T)repeatable.AsRepeat() : first;
    }
}

/// <summary>A run of journaled commands to apply again, in order, each at its recorded time.</summary>
internal sealed class ReplayRequest(IReadOnlyList<ExchangeCommand> commands) : ExchangeRequest
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<ExchangeCommand> Commands { get; } = commands;

    public Task Task => _completion.Task;

    public override void Run(ExchangeSession session) => throw new InvalidOperationException("A replay runs as batches of its commands.");

    public override void Complete() => _completion.TrySetResult();

    public override void Fail(Exception error) => _completion.TrySetException(error);

    public override string OutcomeJson() => "null";

    public override bool Accepted => true;

    public override void AnswerWith(string outcomeJson) => throw new InvalidOperationException("A replay has no outcome of its own.");
}
