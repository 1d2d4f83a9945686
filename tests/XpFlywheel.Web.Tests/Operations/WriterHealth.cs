using System.Net;

namespace XpFlywheel.Web.Tests.Operations;

/// <summary>Waits on <c>/health</c> the way an orchestrator would, within a bound, and unwraps start-up errors.</summary>
internal static class WriterHealth
{
    public static readonly TimeSpan StartBound = TimeSpan.FromSeconds(90);

    public static async Task WaitUntilHealthyAsync(HttpClient client, Func<bool>? gaveUp = null)
    {
        var deadline = DateTime.UtcNow + StartBound;
        while (DateTime.UtcNow < deadline && gaveUp?.Invoke() != true)
        {
            try
            {
                if ((await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"/health did not answer 200 within {StartBound.TotalSeconds} s.");
    }

    public static string Flatten(Exception error) =>
        error.InnerException is null ? error.Message : error.Message + " " + Flatten(error.InnerException);
}
