namespace XpFlywheel.Web.Exchange;

/// <summary>A unit of work queued for the single writer, answered once its batch is durable.</summary>
internal abstract class ExchangeRequest
{
    public abstract void Run(ExchangeSession session);
    public abstract void Complete();
    public abstract void Fail(Exception error);
}

internal sealed class ExchangeRequest<T>(Func<ExchangeSession, T> work) : ExchangeRequest
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _completion.Task;

    public override void Run(ExchangeSession session) => _result = work(session);

    public override void Complete() => _completion.TrySetResult(_result!);

    public override void Fail(Exception error) => _completion.TrySetException(error);
}
