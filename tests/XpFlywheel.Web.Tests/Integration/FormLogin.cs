using System.Net;
using System.Text.RegularExpressions;

namespace XpFlywheel.Web.Tests.Integration;

/// <summary>Signs in through the real login form, antiforgery token included, as a browser would.</summary>
public static partial class FormLogin
{
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string handler, IDictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        var token = AntiforgeryToken().Match(html).Groups[1].Value;
        var form = new Dictionary<string, string>(fields) { ["_handler"] = handler, ["__RequestVerificationToken"] = token };
        return await client.PostAsync(page, new FormUrlEncodedContent(form));
    }

    public static async Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password)
    {
        var response = await PostFormAsync(client, "/Account/Login", "login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
        return response;
    }

    /// <summary>Posts the sign-up form; the answer is the same for a new and a taken address.</summary>
    public static Task<HttpResponseMessage> PostRegisterAsync(HttpClient client, string email, string password) =>
        PostFormAsync(client, "/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });

    /// <summary>
    /// Registers as a newcomer does: signs up, follows the confirmation link from the development outbox, and logs in,
    /// so <paramref name="client"/> ends signed in as the new operator.
    /// </summary>
    public static async Task RegisterAsync(HttpClient client, string email, string password)
    {
        var response = await PostRegisterAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.Contains("RegisterConfirmation") != true)
            throw new InvalidOperationException($"Registration of {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var link = await ConfirmationLinkAsync(client, email)
            ?? throw new InvalidOperationException($"No confirmation link for {email} in the development outbox.");
        var confirmed = await client.GetStringAsync(link);
        if (!confirmed.Contains("your address is confirmed", StringComparison.Ordinal))
            throw new InvalidOperationException($"Confirming {email} failed: {confirmed}");
        var login = await LoginAsync(client, email, password);
        if (login.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"{email} could not log in after confirming: {(int)login.StatusCode}");
    }

    /// <summary>The newest confirmation link mailed to <paramref name="email"/>, read from <c>/dev/outbox</c>, or null.</summary>
    public static async Task<string?> ConfirmationLinkAsync(HttpClient client, string email)
    {
        var html = await client.GetStringAsync("/dev/outbox");
        foreach (Match message in OutboxMessage().Matches(html))
        {
            var body = message.Value;
            var to = OutboxTo().Match(body);
            if (!to.Success || WebUtility.HtmlDecode(to.Groups[1].Value) != email)
                continue;
            var href = ConfirmHref().Match(body);
            if (href.Success)
                return WebUtility.HtmlDecode(href.Groups[1].Value);
        }
        return null;
    }

    [GeneratedRegex("data-testid=\"outbox-message\".*?(?=data-testid=\"outbox-message\"|$)", RegexOptions.Singleline)]
    private static partial Regex OutboxMessage();

    [GeneratedRegex("data-testid=\"outbox-to\">([^<]*)<")]
    private static partial Regex OutboxTo();

    [GeneratedRegex("href=\"([^\"]*ConfirmEmail[^\"]*)\"")]
    private static partial Regex ConfirmHref();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
