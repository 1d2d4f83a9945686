using System.Net;
using Microsoft.Extensions.Options;
using XpFlywheel.Web.Account;
using XpFlywheel.Web.RateLimits;

namespace XpFlywheel.Web.Tests.RateLimits;

/// <summary>One client is one count: an IPv4 address however it arrives, an IPv6 host by its /64.</summary>
public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    [InlineData("::1", "::1")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("not an address", "not an address")]
    public void A_client_is_counted_by_its_IPv4_address_or_its_IPv6_slash_64(string address, string key)
    {
        Assert.Equal(key, ClientAddress.Key(address));
        if (IPAddress.TryParse(address, out var parsed))
            Assert.Equal(key, ClientAddress.Key(parsed));
    }

    [Fact]
    public void Failed_sign_ins_from_one_client_count_together_whichever_address_form_it_uses()
    {
        var throttle = new SignInThrottle(Options.Create(new RateLimitOptions { SignInFailuresPerIp = 3 }), TimeProvider.System);

        throttle.Failed("203.0.113.7");
        throttle.Failed("::ffff:203.0.113.7");
        throttle.Failed("2001:db8:1:2::10");
        throttle.Failed("2001:db8:1:2::11");

        Assert.False(throttle.IsRefused("203.0.113.7", out _));
        throttle.Failed("203.0.113.7");
        throttle.Failed("2001:db8:1:2::12");
        Assert.True(throttle.IsRefused("::ffff:203.0.113.7", out _));
        Assert.True(throttle.IsRefused("2001:db8:1:2:ffff::1", out _));
        Assert.False(throttle.IsRefused("2001:db8:1:3::1", out _));
    }
}
