using System.Text;
using Inkport.Conversion.Formats.Markdown;
using Inkport.Conversion.Tests.Fixtures;

namespace Inkport.Conversion.Tests;

/// <summary>The CommonMark and GFM spec examples, imported and rendered back to HTML
/// (<see cref="MarkdownSpecReport"/> says how), give their expected HTML for at least 95% of the examples
/// a Feishu document can represent; the committed report docs/markdown-spec-conformance.md is what this run
/// computes, so any change in conformance shows in review.</summary>
public sealed class MarkdownSpecConformanceTests
{
    private static readonly string[] Specs =
        ["commonmark-spec.md", "gfm-spec.md", "gfm-extensions.md", "cmark-gfm-regression.md", "cmark-gfm-smart_punct.md"];

    private const double Target = 0.95;

    [CorpusFact("md")]
    public void Spec_examples_import_to_their_expected_html()
    {
        var corpus = FixtureFiles.SharedCorpus("md")!;
        var results = Specs.SelectMany(spec => MarkdownSpecExamples.Read(Path.Combine(corpus, spec))).Select(Check).ToList();
        var marked = Directory.EnumerateFiles(Path.Combine(corpus, "marked-expected"), "*.html")
            .Order(StringComparer.Ordinal)
            .Select(html => Path.Combine(corpus, Path.GetFileNameWithoutExtension(html) + ".md"))
            .Where(File.Exists)
            .Select(md => Check(new MarkdownSpecExample(Path.GetFileName(md), 1, "", File.ReadAllText(md),
                File.ReadAllText(Path.Combine(corpus, "marked-expected", Path.GetFileNameWithoutExtension(md) + ".html")), [])))
            .ToList();

        var report = MarkdownSpecReport.Write(results, marked);
        var path = Path.Combine(FixtureFiles.RepositoryRoot(), "docs", "markdown-spec-conformance.md");
        if (Environment.GetEnvironmentVariable(FixtureFiles.UpdateVariable) == "1") File.WriteAllText(path, report);
        else Assert.Equal(File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "(missing)", report);

        foreach (var (spec, number) in MarkdownSpecReport.KnownCauses.Keys)
            Assert.True(results.Any(r => r.Example.Spec == spec && r.Example.Number == number && r.Representable && !r.Passed),
                $"{spec} example {number} has a known cause of failure but does not fail: drop it from MarkdownSpecReport.KnownCauses");
        var representable = results.Count(r => r.Representable);
        var passed = results.Count(r => r.Passed);
        Assert.True(passed >= Target * representable,
            $"{passed} of {representable} representable examples pass ({MarkdownSpecReport.Rate(passed, representable)}), below {Target:P0}");
    }

    [Fact]
    public void Normalisation_compares_styled_runs_not_tag_nesting()
    {
        Assert.Equal(
            MarkdownSpecHtml.Normalise("<p><em><strong>a</strong> b</em></p>\n"),
            MarkdownSpecHtml.Normalise("<p><strong><em>a</em></strong><em> b</em></p>"));
        Assert.Equal(
            MarkdownSpecHtml.Normalise("<ul>\n<li>a</li>\n</ul>\n"),
            MarkdownSpecHtml.Normalise("<ul><li><p>a</p></li></ul>"));
        Assert.NotEqual(
            MarkdownSpecHtml.Normalise("<ul><li><p>a</p><p>b</p></li></ul>"),
            MarkdownSpecHtml.Normalise("<ul><li><p>ab</p></li></ul>"));
        Assert.NotEqual(MarkdownSpecHtml.Normalise("<p>a  b</p>"), MarkdownSpecHtml.Normalise("<p>a b</p>"));
        Assert.Equal(MarkdownSpecHtml.Normalise("<p>a\nb</p>"), MarkdownSpecHtml.Normalise("<p>a b</p>"));
    }

    [Fact]
    public void Raw_html_is_what_the_expected_output_reproduces_verbatim()
    {
        Assert.True(MarkdownSpecConstructs.HasRawHtml("<del>*a*</del>\n", "<p><del><em>a</em></del></p>\n"));
        Assert.False(MarkdownSpecConstructs.HasRawHtml("`<a>`\n", "<p><code>&lt;a&gt;</code></p>\n"));
        Assert.False(MarkdownSpecConstructs.HasRawHtml("<http://a.b>\n", "<p><a href=\"http://a.b\">http://a.b</a></p>\n"));
    }

    private static MarkdownSpecResult Check(MarkdownSpecExample example)
    {
        var expected = MarkdownSpecHtml.Normalise(example.Html);
        var reason = MarkdownSpecConstructs.NotRepresentable(example, expected);
        using var source = new MemoryStream(Encoding.UTF8.GetBytes(example.Markdown));
        var conversion = new MarkdownConverter().Convert(source, new ConversionOptions { FileName = "example.md" });
        var actual = MarkdownSpecHtml.Normalise(BlockHtmlRenderer.Render(conversion.Document));
        return new MarkdownSpecResult(example, reason, expected, actual);
    }
}
