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

    public static async Task RegisterAsync(HttpClient client, string email, string password)
    {
        var response = await PostFormAsync(client, "/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Registration of {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
