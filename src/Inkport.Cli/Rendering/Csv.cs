using System.Text;

namespace Inkport.Cli.Rendering;

/// <summary>RFC 4180 rows: a field is quoted when it holds a comma, a quote, a line break or edge spaces.</summary>
internal static class Csv
{
    public static string Row(IEnumerable<string> fields)
    {
        var line = new StringBuilder();
        var first = true;
        foreach (var field in fields)
        {
            if (!first) line.Append(',');
            first = false;
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (field.Length > 0 && (char.IsWhiteSpace(field[0]) || char.IsWhiteSpace(field[^1]))))
                line.Append('"').Append(field.Replace("\"", "\"\"")).Append('"');
            else
                line.Append(field);
        }
        return line.ToString();
    }
}
