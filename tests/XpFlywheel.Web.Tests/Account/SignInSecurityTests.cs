using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Account;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Account;

public sealed partial class SignInSecurityTests : IDisposable
{
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Wrong_passwords_slow_their_source_and_never_lock_the_account_they_target()
    {
        _factory.Settings["RateLimits:SignInFailuresPerIp"] = "5";
        await Operators.CreateAsync(_factory.Services, "target@test.local", "Target123!");

        for (var i = 0; i < 5; i++)
            Assert.Equal(SignInOutcome.Invalid, (await SignInAsync("target@test.local", $"Guess{i}!!", "203.0.113.7")).Outcome);
        var (refused, retryAfter) = await SignInAsync("target@test.local", "Target123!", "203.0.113.7");
        Assert.Equal(SignInOutcome.Throttled, refused);
        Assert.True(retryAfter > TimeSpan.Zero);

        // The owner, from their own address, signs in at once: the sprayer locked nobody out.
        Assert.Equal(SignInOutcome.Succeeded, (await SignInAsync("target@test.local", "Target123!", "198.51.100.2")).Outcome);
        using var scope = _factory.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("target@test.local");
        Assert.Null(user!.LockoutEnd);
    }

    [Fact]
    public async Task Sign_in_does_the_same_password_work_for_an_unknown_email_as_for_a_wrong_password()
    {
        var hasher = new CountingHasher();
        using var factory = new HasherFactory(hasher);
        await Operators.CreateAsync(factory.Services, "known@test.local", "Known1234!");
        var client = factory.CreateBrowserlikeClient();
        hasher.Reset();

        var unknown = await FormLogin.LoginAsync(client, "nobody-here@test.local", "Known1234!");
        var unknownChecks = hasher.Verifications;
        var wrong = await FormLogin.LoginAsync(client, "known@test.local", "Wrong1234!");
        var wrongChecks = hasher.Verifications - unknownChecks;

        Assert.Equal(1, unknownChecks);
        Assert.Equal(1, wrongChecks);
        var unknownText = await unknown.Content.ReadAsStringAsync();
        var wrongText = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("Invalid email or password.", unknownText);
        Assert.Contains("Invalid email or password.", wrongText);
        Assert.Equal(unknown.StatusCode, wrong.StatusCode);
    }

    [Fact]
    public async Task An_admin_lockout_is_told_only_to_someone_who_knows_the_password()
    {
        await Operators.CreateAsync(_factory.Services, "locked@test.local", "Locked123!");
        using (var scope = _factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByEmailAsync("locked@test.local");
            await users.SetLockoutEndDateAsync(user!, DateTimeOffset.MaxValue);
        }
        var client = _factory.CreateBrowserlikeClient();

        var wrong = await FormLogin.LoginAsync(client, "locked@test.local", "Wrong1234!");
        Assert.Contains("Invalid email or password.", await wrong.Content.ReadAsStringAsync());

        var right = await FormLogin.LoginAsync(client, "locked@test.local", "Locked123!");
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.EndsWith("/Account/Lockout", right.Headers.Location!.ToString());
        Assert.Contains("locked by an administrator", await client.GetStringAsync("/Account/Lockout"));
    }

    [Fact]
    public async Task Wrong_authenticator_and_recovery_codes_never_lock_the_account()
    {
        await Operators.CreateAsync(_factory.Services, "codes@test.local", "Codes123!");
        using (var scope = _factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync("codes@test.local"))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        // More wrong codes than Identity's own lockout allows (five).
        for (var i = 0; i < 12; i++)
        {
            var browser = _factory.CreateBrowserlikeClient();
            Assert.Contains("/Account/LoginWith2fa", (await FormLogin.LoginAsync(browser, "codes@test.local", "Codes123!")).Headers.Location!.ToString());
            var (page, handler) = i % 2 == 0 ? ("/Account/LoginWith2fa", "login-2fa") : ("/Account/LoginWithRecoveryCode", "login-recovery");
            var wrong = await FormLogin.PostFormAsync(browser, page, handler, new Dictionary<string, string> { ["Input.Code"] = i % 2 == 0 ? "12345" : i % 4 == 1 ? "" : "NOTACODE" });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var check = _factory.Services.CreateScope();
        var manager = check.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.Null((await manager.FindByEmailAsync("codes@test.local"))!.LockoutEnd);
    }

    [Fact]
    public async Task Two_factor_sign_in_asks_for_an_authenticator_code_after_the_password_each_code_and_recovery_code_works_once()
    {
        var browser = _factory.CreateBrowserlikeClient();
        await FormLogin.RegisterAsync(browser, "twofactor@test.local", "TwoFactor1!");
        var setup = await browser.GetStringAsync("/Account/Manage/TwoFactor");
        Assert.Contains("<svg", setup);
        var key = KeyText().Match(setup).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        Assert.NotEmpty(key);

        var bad = await FormLogin.PostFormAsync(browser, "/Account/Manage/TwoFactor", "two-factor-enable", new Dictionary<string, string> { ["Enable.Code"] = "000000" == Totp(key) ? "111111" : "000000" });
        Assert.Contains("That code is not right", await bad.Content.ReadAsStringAsync());
        // Codes of fixed steps, so the test means the same on either side of a 30-second boundary.
        var step = StepNow();
        var enabled = await FormLogin.PostFormAsync(browser, "/Account/Manage/TwoFactor", "two-factor-enable", new Dictionary<string, string> { ["Enable.Code"] = Totp(key, step) });
        var page = await enabled.Content.ReadAsStringAsync();
        Assert.True(page.Contains("recovery-codes", StringComparison.Ordinal), page);
        var codes = RecoveryCode().Matches(page).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(Authenticator.RecoveryCodeCount, codes.Count);

        // A new browser: the password alone does not sign in.
        var other = _factory.CreateBrowserlikeClient();
        var password = await FormLogin.LoginAsync(other, "twofactor@test.local", "TwoFactor1!");
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.Contains("/Account/LoginWith2fa", password.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/wallet")).StatusCode);

        var wrongCode = await FormLogin.PostFormAsync(other, "/Account/LoginWith2fa", "login-2fa", new Dictionary<string, string> { ["Input.Code"] = "000000" == Totp(key) ? "111111" : "000000" });
        Assert.Contains("That code is not right", await wrongCode.Content.ReadAsStringAsync());
        // The code that turned two-factor on was used: it does not sign in again (RFC 6238 §5.2); the next one does.
        var used = await FormLogin.PostFormAsync(other, "/Account/LoginWith2fa", "login-2fa", new Dictionary<string, string> { ["Input.Code"] = Totp(key, step) });
        Assert.Contains("used already", WebUtility.HtmlDecode(await used.Content.ReadAsStringAsync()));
        var rightCode = await FormLogin.PostFormAsync(other, "/Account/LoginWith2fa", "login-2fa", new Dictionary<string, string> { ["Input.Code"] = Totp(key, step + 1) });
        Assert.Equal(HttpStatusCode.Redirect, rightCode.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/wallet")).StatusCode);

        // A code that signed in once signs in nowhere else, nor an earlier one.
        foreach (var replay in new[] { Totp(key, step + 1), Totp(key, step) })
        {
            var thief = _factory.CreateBrowserlikeClient();
            await FormLogin.LoginAsync(thief, "twofactor@test.local", "TwoFactor1!");
            var replayed = await FormLogin.PostFormAsync(thief, "/Account/LoginWith2fa", "login-2fa", new Dictionary<string, string> { ["Input.Code"] = replay });
            Assert.NotEqual(HttpStatusCode.Redirect, replayed.StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await thief.GetAsync("/wallet")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/wallet")).StatusCode);

        // A recovery code signs in once.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var third = _factory.CreateBrowserlikeClient();
            await FormLogin.LoginAsync(third, "twofactor@test.local", "TwoFactor1!");
            var recovery = await FormLogin.PostFormAsync(third, "/Account/LoginWithRecoveryCode", "login-recovery", new Dictionary<string, string> { ["Input.Code"] = codes[0].ToLowerInvariant() });
            if (attempt == 0)
                Assert.Equal(HttpStatusCode.Redirect, recovery.StatusCode);
            else
                Assert.Contains("not right, or it was used already", await recovery.Content.ReadAsStringAsync());
        }

        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var actions = await db.AuditLog.Where(a => a.Actor == "twofactor@test.local").Select(a => a.Action).ToListAsync();
        Assert.Contains("two-factor on", actions);
        Assert.Contains("sign-in password accepted, code required", actions);
        Assert.Contains("sign-in failed", actions);
        Assert.Contains("sign-in", actions);
    }

    private async Task<(SignInOutcome Outcome, TimeSpan RetryAfter)> SignInAsync(string email, string password, string address)
    {
        using var scope = _factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        return await scope.ServiceProvider.GetRequiredService<PasswordSignIn>().SignInAsync(email, password, remember: false, address);
    }

    // RFC 6238 with Identity's defaults: HMAC-SHA1, 30-second steps, 6 digits.
    private static long StepNow() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;

    private static string Totp(string base32Key, long? step = null)
    {
        var key = Base32(base32Key);
        var counter = step ?? StepNow();
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian)
            Array.Reverse(message);
        var hash = HMACSHA1.HashData(key, message);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }

    private sealed class HasherFactory(CountingHasher hasher) : AppFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.AddSingleton<IPasswordHasher<ApplicationUser>>(hasher));
        }
    }

    /// <summary>The real hasher, counting its verifications.</summary>
    private sealed class CountingHasher : IPasswordHasher<ApplicationUser>
    {
        public void Reset() => Interlocked.Exchange(ref _verifications, 0);

        private readonly PasswordHasher<ApplicationUser> _inner = new();
        private int _verifications;

        public int Verifications => _verifications;

        public string HashPassword(ApplicationUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    [GeneratedRegex("data-testid=\"authenticator-key\"[^>]*>([a-z0-9 ]+)<")]
    private static partial Regex KeyText();

    [GeneratedRegex(">([A-Za-z0-9]{5}-[A-Za-z0-9]{5})<")]
    private static partial Regex RecoveryCode();
}
