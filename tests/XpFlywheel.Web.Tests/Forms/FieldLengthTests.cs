using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using XpFlywheel.Web.Components.Shared;
using XpFlywheel.Web.Exchange;
using XpFlywheel.Web.Market;
using XpFlywheel.Web.Parameters;
using XpFlywheel.Web.Tests.Components;

namespace XpFlywheel.Web.Tests.Forms;

/// <summary>
/// Every text field has a length the browser keeps a paste within (<see cref="FieldLength"/>): a field sends its text in
/// one circuit message, and a message over the circuit's 32 KB closed the page's connection without a word, after which
/// the page acted on the value from before the paste (a 30,000-digit quantity placed the 7 XP typed before it).
/// </summary>
public sealed class FieldLengthTests : MudTestContext
{
    // The inputs a user types into; choices (radio, checkbox) and hidden or button inputs carry no typed text.
    private static readonly string[] TextInputs = ["MudTextField", "MudAutocomplete", "MudNumericField", "InputText", "InputTextArea", "InputNumber", "input", "textarea"];

    /// <summary>The longest a field may be: its text, each character escaped twice in the worst case, within a circuit message.</summary>
    private const int CircuitMessageBytes = 32 * 1024;

    [Fact]
    public void Every_text_field_of_every_page_has_a_length_the_browser_keeps_a_paste_within()
    {
        var offences = Directory.EnumerateFiles(SourceScan.Web, "*.razor", SearchOption.AllDirectories)
            .SelectMany(file => FieldsWithoutLength(File.ReadAllText(file)).Select(at => $"{Path.GetRelativePath(SourceScan.Web, file)}:{at}"))
            .ToList();
        Assert.True(offences.Count == 0, "Give each text field a MaxLength from FieldLength:\n" + string.Join("\n", offences));
    }

    [Fact]
    public void The_scan_finds_a_field_without_a_length_across_lines_and_lambdas()
    {
        const string page = """
            <MudTextField T="string" Label="Name" @bind-Value:after="@(() => Edited("name"))"
                          ValueChanged="v => Filter(() => _x = v)" />
            <MudTextField MaxLength="@FieldLength.Number" Label="Price" />
            <input type="radio" value="Limit" />
            <input id="q" type="text" value="@x" maxlength="@field.MaxLength" />
            <input id="p" type="text" value="@x" @oninput="e => Changed(e.Value as string)" />
            """;
        Assert.Equal(["line 1", "line 6"], FieldsWithoutLength(page));
    }

    [Fact]
    public void Every_length_keeps_a_field_within_one_circuit_message()
    {
        int[] lengths = [FieldLength.Number, FieldLength.Search, FieldLength.Email, FieldLength.Password, FieldLength.Code,
            FieldLength.Over(XpFlywheel.Web.Economy.AgentRules.MaxDescription), FieldLength.Over(XpFlywheel.Web.Economy.AgentRules.MaxName),
            FieldLength.Over(XpFlywheel.Web.Api.ApiKeyService.MaxName), FieldLength.Over(XpFlywheel.Web.Account.OperatorNames.MaxLength)];
        // \uXXXX in the event's JSON, and its backslash escaped again in the hub message: 7 bytes a character at worst,
        // with room left for the rest of the message.
        Assert.All(lengths, length => Assert.InRange(7 * length, 1, CircuitMessageBytes / 2));
    }

    [Fact]
    public void The_shared_number_fields_and_the_order_tickets_fields_take_at_most_a_numbers_length()
    {
        var feed = new ExchangeFeed(NullLogger<ExchangeFeed>.Instance);
        var market = new MarketDataService(feed, TimeProvider.System);
        market.Rebuild([]);
        Services.AddSingleton(feed);
        Services.AddSingleton(market);
        Services.AddSingleton<IOrderDesk>(new XpFlywheel.Web.Tests.Market.FakeOrderDesk());
        Services.AddSingleton(new ParameterBoard());

        var ticket = Render<OrderEntry>(p => p.Add(x => x.OperatorId, 7));
        foreach (var name in new[] { "order-price", "order-quantity" })
            Assert.Equal(FieldLength.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), ticket.Find($"input[data-testid={name}]").GetAttribute("maxlength"));
        Assert.Equal(FieldLength.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), Render<DecimalField>().Find("input").GetAttribute("maxlength"));
        Assert.Equal(FieldLength.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), Render<XpField>().Find("input").GetAttribute("maxlength"));
    }

    // "line N" for each text-field tag in a .razor text without a MaxLength or maxlength attribute. A tag ends at the
    // first ">" outside parentheses that is not the arrow of a lambda.
    private static List<string> FieldsWithoutLength(string text)
    {
        var found = new List<string>();
        foreach (System.Text.RegularExpressions.Match open in System.Text.RegularExpressions.Regex.Matches(text, @"<(" + string.Join("|", TextInputs) + @")\b"))
        {
            var end = open.Index + open.Length;
            for (var depth = 0; end < text.Length; end++)
            {
                var c = text[end];
                if (c is '(' or '[' or '{')
                    depth++;
                else if (c is ')' or ']' or '}')
                    depth--;
                else if (c == '>' && depth <= 0 && text[end - 1] != '=')
                    break;
            }
            var tag = text[open.Index..Math.Min(text.Length, end + 1)];
            if (System.Text.RegularExpressions.Regex.IsMatch(tag, "type=\"(radio|checkbox|hidden|submit|button)\""))
                continue;
            if (!tag.Contains("maxlength=", StringComparison.OrdinalIgnoreCase))
                found.Add($"line {text.AsSpan(0, open.Index).Count('\n') + 1}");
        }
        return found;
    }
}
