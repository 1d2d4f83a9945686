using System.Globalization;
using System.Text;
using CsvHelper;

namespace XpFlywheel.Web.Epochs;

/// <summary>
/// Writes the CSV files the app offers for download, with CsvHelper: RFC 4180 records, text fields always quoted,
/// and text that a spreadsheet would run as a formula (starting with <c>= + - @</c>, tab or CR) prefixed with
/// <c>'</c>, as OWASP recommends, so a name like <c>=HYPERLINK(…)</c> opens as text. Numbers are written as numbers
/// in the invariant culture, so <c>-1.5</c> stays a number.
/// </summary>
public static class CsvExport
{
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    /// <summary>A header record, then one record per row written by <paramref name="writeRow"/>.</summary>
    public static string Write<T>(string[] header, IEnumerable<T> rows, Action<CsvWriter, T> writeRow)
    {
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, Options, leaveOpen: true))
        {
            csv.WriteHeader(header);
            foreach (var row in rows)
            {
                writeRow(csv, row);
                csv.EndRecord();
            }
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Writes a text field: quoted, and escaped when it starts like a formula.</summary>
    public static void WriteText(this CsvWriter csv, string? value) => csv.WriteField(value ?? "", CsvQuoting.Always);

    /// <summary>Writes micro-dollars as dollars with at least two decimals, as a number.</summary>
    public static void WriteUsd(this CsvWriter csv, long micros) => csv.WriteField(micros / 1_000_000m, "0.00####");
}
