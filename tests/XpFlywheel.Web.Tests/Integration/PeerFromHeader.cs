using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace XpFlywheel.Web.Tests.Integration;

/// <summary>
/// TestServer has no network peer: registered as an <see cref="IStartupFilter"/>, this takes the caller's address from
/// the <see cref="Header"/> request header (none without it), ahead of everything the app runs.
/// </summary>
public sealed class PeerFromHeader : IStartupFilter
{
    /// <summary>The header naming the caller's IP address.</summary>
    public const string Header = "X-Test-Peer";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, rest) =>
        {
            context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(Header, out var peer) ? IPAddress.Parse(peer!) : null;
            return rest(context);
        });
        next(app);
    };
}
