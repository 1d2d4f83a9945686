using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Account;
using XpFlywheel.Web.Account.Mail;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Account;

/// <summary>
/// Registration does not tell whether an e-mail address has an account: a new and a taken address get the same answer,
/// and only the address's owner learns which it was, by mail (a confirmation link, or a note that someone tried).
/// </summary>
public sealed partial class RegistrationPrivacyTests : IDisposable
{
    private const string Password = "Newcomer1!";
    private readonly AppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Registering_a_taken_email_and_a_new_one_give_identical_responses()
    {
        await Operators.CreateAsync(_factory.Services, "taken@test.local", "Original1!");

        var taken = await AnswerAsync("taken@test.local", Password);
        var fresh = await AnswerAsync("fresh@test.local", Password);

        Assert.Equal(HttpStatusCode.Redirect, fresh.Status);
        Assert.Equal(fresh, taken);
        var outbox = _factory.Services.GetRequiredService<MailOutbox>().Messages();
        Assert.Contains(outbox, m => m.To == "taken@test.local" && m.Subject == "Someone tried to register with your address");
        Assert.DoesNotContain(outbox, m => m.To == "taken@test.local" && m.Link?.Contains("ConfirmEmail") == true);
        Assert.Contains(outbox, m => m.To == "fresh@test.local" && m.Link?.Contains("ConfirmEmail") == true);
        // The taken account is untouched: its own password still works, the newcomer's does not.
        Assert.Equal(SignInOutcome.Succeeded, await SignInAsync("taken@test.local", "Original1!"));
        Assert.Equal(SignInOutcome.Invalid, await SignInAsync("taken@test.local", Password));
    }

    [Fact]
    public async Task A_refused_password_gets_the_same_answer_for_a_taken_and_a_new_email()
    {
        await Operators.CreateAsync(_factory.Services, "taken-weak@test.local", "Original1!");

        var taken = await AnswerAsync("taken-weak@test.local", "weakpassword");
        var fresh = await AnswerAsync("fresh-weak@test.local", "weakpassword");

        Assert.Equal(HttpStatusCode.OK, fresh.Status);
        Assert.Contains("Passwords must have", fresh.Body);
        Assert.Equal(fresh with { Body = fresh.Body.Replace("fresh-weak", "taken-weak") }, taken);
        Assert.Empty(_factory.Services.GetRequiredService<MailOutbox>().Messages());
    }

    [Fact]
    public async Task A_new_account_signs_in_only_after_its_address_is_confirmed()
    {
        var client = _factory.CreateBrowserlikeClient();
        await FormLogin.PostRegisterAsync(client, "confirm-me@test.local", Password);

        Assert.Equal(SignInOutcome.NotConfirmed, await SignInAsync("confirm-me@test.local", Password));
        var login = await FormLogin.LoginAsync(client, "confirm-me@test.local", Password);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("Confirm your email address first", await login.Content.ReadAsStringAsync());

        var link = await FormLogin.ConfirmationLinkAsync(client, "confirm-me@test.local");
        Assert.Contains("your address is confirmed", await client.GetStringAsync(link));
        Assert.Equal(SignInOutcome.Succeeded, await SignInAsync("confirm-me@test.local", Password));
    }

    [Theory]
    [InlineData("?userId=nobody&code=abc")]
    [InlineData("?code=%%%")]
    [InlineData("?userId=&code=")]
    [InlineData("")]
    public async Task A_broken_confirmation_link_is_refused_and_confirms_nothing(string query)
    {
        var client = _factory.CreateBrowserlikeClient();
        await FormLogin.PostRegisterAsync(client, "broken-link@test.local", Password);
        using (var scope = _factory.Services.CreateScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("broken-link@test.local");
            query = query.Replace("nobody", user!.Id);
        }

        var response = await client.GetAsync($"/Account/ConfirmEmail{query}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This confirmation link is not valid", await response.Content.ReadAsStringAsync());
        Assert.Equal(SignInOutcome.NotConfirmed, await SignInAsync("broken-link@test.local", Password));
    }

    [Fact]
    public async Task Resending_the_confirmation_link_answers_alike_for_every_address_and_mails_only_a_waiting_account()
    {
        await Operators.CreateAsync(_factory.Services, "confirmed@test.local", "Original1!");
        await FormLogin.PostRegisterAsync(_factory.CreateBrowserlikeClient(), "waiting@test.local", Password);
        var before = _factory.Services.GetRequiredService<MailOutbox>().Messages().Count;

        var answers = new List<string>();
        foreach (var email in new[] { "confirmed@test.local", "waiting@test.local", "nobody@test.local" })
        {
            var response = await FormLogin.PostFormAsync(_factory.CreateBrowserlikeClient(), "/Account/ResendEmailConfirmation", "resend-confirmation",
                new Dictionary<string, string> { ["Input.Email"] = email });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add(Normalized(await response.Content.ReadAsStringAsync()).Replace(email, "ADDRESS"));
        }

        Assert.Single(answers.Distinct());
        Assert.Contains("a new link is on its way", answers[0]);
        var sent = _factory.Services.GetRequiredService<MailOutbox>().Messages().Take(_factory.Services.GetRequiredService<MailOutbox>().Messages().Count - before).ToList();
        Assert.Equal("waiting@test.local", Assert.Single(sent).To);
    }

    private sealed record Answer(HttpStatusCode Status, string? Location, string Body);

    // The response to the sign-up form and, for a redirect, the page it leads to; per-request tokens blanked out.
    private async Task<Answer> AnswerAsync(string email, string password)
    {
        var client = _factory.CreateBrowserlikeClient();
        var response = await FormLogin.PostRegisterAsync(client, email, password);
        var location = response.Headers.Location?.OriginalString;
        var body = location is null ? await response.Content.ReadAsStringAsync() : await client.GetStringAsync(location);
        return new Answer(response.StatusCode, location, Normalized(body));
    }

    // Per response by design: antiforgery tokens, the CSP nonce, Blazor's encrypted component state and descriptors,
    // and the ids of prerendered interactive parts (the epoch-close notifier on account pages).
    private static string Normalized(string html) =>
        PerResponse().Replace(AntiforgeryValue().Replace(html, "value=\"TOKEN\""), "PER-RESPONSE");

    private async Task<SignInOutcome> SignInAsync(string email, string password)
    {
        using var scope = _factory.Services.CreateScope();
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = scope.ServiceProvider };
        scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>().HttpContext = http;
        return (await scope.ServiceProvider.GetRequiredService<PasswordSignIn>().SignInAsync(email, password, false, "192.0.2.1")).Outcome;
    }

    [GeneratedRegex("nonce=\"[0-9A-Za-z+/=]+\"|Blazor-Server-Component-State:[^-]+|\"descriptor\":\"[^\"]+\"|\"prerenderId\":\"[0-9a-f]+\"")]
    private static partial Regex PerResponse();

    [GeneratedRegex("value=\"[A-Za-z0-9_\\-]{40,}\"")]
    private static partial Regex AntiforgeryValue();
}
