using System.Text;

namespace Inkport.Conversion.Tests;

/// <summary>One example of a CommonMark-style spec file.</summary>
/// <param name="Spec">The spec file's name ("commonmark-spec.md").</param>
/// <param name="Number">1-based position in its file, as the spec numbers it.</param>
/// <param name="Section">The nearest ## or ### heading above the example.</param>
/// <param name="Markdown">The input, tabs restored.</param>
/// <param name="Html">The expected HTML, tabs restored.</param>
/// <param name="Tags">Words after "example" on the opening line ("table", "disabled").</param>
public sealed record MarkdownSpecExample(string Spec, int Number, string Section, string Markdown, string Html, IReadOnlyList<string> Tags);

/// <summary>Reads spec files in the format of the CommonMark and GFM specs: an example opens with a line of
/// 32 backticks followed by "example", closes with a line of 32 backticks, and holds the Markdown, a line
/// holding a single ".", then the HTML; "→" stands for a tab.</summary>
public static class MarkdownSpecExamples
{
    private static readonly string Fence = new('`', 32);

    public static List<MarkdownSpecExample> Read(string path)
    {
        var spec = Path.GetFileName(path);
        var examples = new List<MarkdownSpecExample>();
        var section = "";
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith(Fence + " example", StringComparison.Ordinal))
            {
                var tags = line[(Fence.Length + " example".Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var markdown = new StringBuilder();
                var html = new StringBuilder();
                var target = markdown;
                for (i++; i < lines.Length && lines[i] != Fence; i++)
                {
                    if (target == markdown && lines[i] == ".") { target = html; continue; }
                    target.Append(lines[i].Replace('→', '\t')).Append('\n');
                }
                if (i == lines.Length) throw new InvalidDataException($"{spec}: example {examples.Count + 1} is not closed");
                examples.Add(new MarkdownSpecExample(spec, examples.Count + 1, section, markdown.ToString(), html.ToString(), tags));
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal) || line.StartsWith("### ", StringComparison.Ordinal))
            {
                section = line.TrimStart('#').Trim();
            }
        }
        return examples;
    }
}
