using XpFlywheel.Web.Market;
using XpFlywheel.Web.Streams;
using XpFlywheel.Web.Tests.Api;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Market;

/// <summary>What a hub does with a frame it cannot act on.</summary>
public sealed class HubFrameTests(AppFactory factory) : IClassFixture<AppFactory>
{
    /// <summary>
    /// A whole frame of a message type the protocol does not know ends the connection with an error, as any frame that
    /// cannot be read does; it never leaves the connection open with every later call unanswered.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_frame_of_an_unknown_message_type_closes_the_connection_with_an_error_never_leaves_it_deaf(bool userStream)
    {
        var key = userStream ? (await ApiClient.CreateAsync(factory, $"frame-{Guid.NewGuid():N}@test.local")).Key : null;
        await using var client = await RawHubClient.ConnectAsync(factory, userStream ? UserHub.Path : MarketHub.Path, key);

        await client.SendRawAsync("""{"type":99,"foo":1}""");
        await client.SendRawAsync("""{"type":1,"invocationId":"after","target":"GetTicker","arguments":[]}""");

        var frames = await client.ReadUntilAsync(frame => RawHubClient.Type(frame) == 7
            || (RawHubClient.Type(frame) == 3 && frame.GetProperty("invocationId").GetString() == "after"));
        var close = frames[^1];
        Assert.Equal(7, RawHubClient.Type(close));
        Assert.True(close.TryGetProperty("error", out _), $"the close should carry an error: {close}");
    }
}
