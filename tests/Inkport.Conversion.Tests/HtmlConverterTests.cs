using System.Text;
using Inkport.Conversion.Formats.Html;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Tests;

/// <summary>HTML behaviour the fixture files do not show well: hostile nesting, limits, the
/// charset reconciliation, cancellation, colours.</summary>
public sealed class HtmlConverterTests
{
    [Fact]
    public void Thousands_of_nested_divs_keep_their_text_without_overflowing_the_stack()
    {
        const int depth = 50_000;
        var html = new StringBuilder();
        for (var i = 0; i < depth; i++) html.Append("<div>").Append(i % 1000 == 0 ? $"t{i}" : "");
        html.Append("deepest");
        for (var i = 0; i < depth; i++) html.Append("</div>");
        var result = Convert(html.ToString());
        var text = string.Concat(result.Document.Blocks.SelectMany(b => b.Elements ?? []).Select(e => e.Content));
        Assert.Contains("t0", text);
        Assert.Contains("t49000", text);
        Assert.Contains("deepest", text);
    }

    [Theory]
    [InlineData("<ul><li>x", "</li></ul>")]
    [InlineData("<blockquote>x", "</blockquote>")]
    [InlineData("<table><tr><td>x", "</td></tr></table>")]
    public void Deeply_nested_lists_quotes_and_tables_stop_nesting_at_the_cap(string open, string close)
    {
        const int depth = 5_000;
        var html = string.Concat(Enumerable.Repeat(open, depth)) + "bottom" + string.Concat(Enumerable.Repeat(close, depth));
        var result = Convert(html);
        Assert.InRange(MaxDepth(result.Document.Blocks), 1, HtmlWalker.MaxBlockNesting + 1);
        Assert.Contains("bottom", AllText(result.Document.Blocks));
    }

    [Fact]
    public void Unclosed_formatting_elements_do_not_explode()
    {
        var html = string.Concat(Enumerable.Repeat("<b><i><u><font color=red>x", 20_000));
        var result = Convert(html);
        Assert.Contains("xxx", AllText(result.Document.Blocks));
    }

    [Fact]
    public void Walk_stops_once_the_block_limit_is_passed_and_reports_1000()
    {
        var html = string.Concat(Enumerable.Range(0, 500).Select(i => $"<p>p{i}</p>"));
        var options = new ConversionOptions { Limits = new ConversionLimits { MaxBlocks = 10 } };
        var result = new HtmlConverter().Convert(Utf8(html), options);
        Assert.Equal(10, result.Document.Blocks.Count);
        Assert.Equal("p9", result.Document.Blocks[^1].Elements![0].Content);
        Assert.Equal([ExtraCodes.DocxTooManyBlocks], result.Warnings);
    }

    [Theory]
    [InlineData(1, 3_000)]
    [InlineData(2, 5_000)]
    [InlineData(3, 7_919)]
    [InlineData(4, 12_000)]
    [InlineData(5, 20_011)]
    public void A_page_converted_from_a_prefix_is_the_page_converted_whole(int seed, int prefixThreshold)
    {
        var html = MixedPage(seed, 600);
        var options = new ConversionOptions { Limits = new ConversionLimits { MaxBlocks = 150, MaxTableCells = 12 } };
        var whole = new HtmlConverter(int.MaxValue).Convert(Utf8(html), options);
        var fromPrefix = new HtmlConverter(prefixThreshold).Convert(Utf8(html), options);
        Assert.Contains(ExtraCodes.DocxTooManyBlocks, whole.Warnings);
        Assert.Equal(Json(whole), Json(fromPrefix));
    }

    [Fact]
    public void A_prefix_that_does_not_reach_the_block_limit_falls_back_to_the_whole_page()
    {
        var html = MixedPage(9, 300);
        var whole = new HtmlConverter(int.MaxValue).Convert(Utf8(html), new ConversionOptions());
        var fromPrefix = new HtmlConverter(1_000).Convert(Utf8(html), new ConversionOptions());
        Assert.DoesNotContain(ExtraCodes.DocxTooManyBlocks, whole.Warnings);
        Assert.Equal(Json(whole), Json(fromPrefix));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(19)]
    [InlineData(41)]
    public void Every_prefix_whose_walk_reaches_the_block_limit_gives_the_whole_page(int maxBlocks)
    {
        var html = RestructuredPage();
        var options = new ConversionOptions { Limits = new ConversionLimits { MaxBlocks = maxBlocks, MaxTableCells = 12 } };
        HtmlConverter.TryConvert(html.AsMemory(), options, out var whole, out _);
        var expected = Json(whole);
        var reached = 0;
        for (var cut = html.IndexOf('<', 1); cut > 0; cut = html.IndexOf('<', cut + 1))
        {
            if (!HtmlConverter.TryConvert(html.AsMemory(0, cut), options, out var fromPrefix, out _)) continue;
            reached++;
            Assert.True(expected == Json(fromPrefix), $"the prefix of {cut} characters gives another document");
        }
        Assert.InRange(reached, 1, int.MaxValue);
    }

    /// <summary>Constructs the HTML5 tree builder restructures after the fact, each a few times, so
    /// the block limit falls among them: content foster-parented out of a table (before the open
    /// table, into an open div holding a quote), misnested formatting around paragraphs (the
    /// adoption agency moves the open paragraph and wraps its content anew), a block in a link,
    /// a list nested in a list (edits the item before it), a table whose later row is longer,
    /// images that are not fetched (1005), paragraphs closed by headings.</summary>
    private static string RestructuredPage()
    {
        var html = new StringBuilder("<!DOCTYPE html><html><head><title>t</title></head><body>");
        for (var i = 0; i < 6; i++)
        {
            html.Append($"<table><tr><td>cell {i}</td></tr><div>fostered {i}<blockquote><p>q1<p>q2<p>q3</blockquote><p>after {i}</div><tr><td>x<td>y</table>");
            html.Append($"<b><p>one {i}</p><p>two <i>three</b> four</i> five</p>");
            html.Append($"<a href=\"https://e.com/{i}\"><div>block in link {i}</div><p>para</a>");
            html.Append($"<ul><li>a{i}<ul><li>b{i}</ul><li>c{i}</li><ul><li>nested under c{i}</ul></ul>");
            html.Append($"<table><tr><td>1<td>2<tr><td>1<td>2<td>3<td>4</table>");
            html.Append($"<p>image <img src=\"https://e.com/{i}.png\" alt=\"pic {i}\"> text<p>open {i}<h2>heading {i}</h2>");
        }
        return html.Append("</body></html>").ToString();
    }

    [Fact]
    public void A_page_whose_first_prefix_falls_short_is_converted_from_a_longer_one_as_whole()
    {
        const int maxBlocks = 100;
        var html = new StringBuilder("<html><head><style>");
        html.Append('x', 8_000).Append("</style></head><body>");
        for (var i = 0; i < 1_000; i++) html.Append($"<p>paragraph {i} ").Append('w', 80).Append("</p>");
        var page = html.Append("</body></html>").ToString();
        var options = new ConversionOptions { Limits = new ConversionLimits { MaxBlocks = maxBlocks } };
        var firstPrefix = page.LastIndexOf('<', HtmlConverter.FirstPrefixBytesPerBlock * maxBlocks);
        Assert.False(HtmlConverter.TryConvert(page.AsMemory(0, firstPrefix), options, out _, out _));

        var whole = new HtmlConverter(int.MaxValue).Convert(Utf8(page), options);
        var fromPrefixes = new HtmlConverter(0).Convert(Utf8(page), options);
        Assert.Contains(ExtraCodes.DocxTooManyBlocks, whole.Warnings);
        Assert.Equal(Json(whole), Json(fromPrefixes));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Prefixes_end_on_tiny_pages_and_limits(int maxBlocks)
    {
        var options = new ConversionOptions { Limits = new ConversionLimits { MaxBlocks = maxBlocks } };
        foreach (var html in (string[])["", "<", "<p>", "<p>a</p><p>b</p>", string.Concat(Enumerable.Repeat("<p>x</p>", 500))])
        {
            var whole = new HtmlConverter(int.MaxValue).Convert(Utf8(html), options);
            var fromPrefixes = new HtmlConverter(0).Convert(Utf8(html), options);
            Assert.Equal(Json(whole), Json(fromPrefixes));
        }
    }

    [Theory]
    [InlineData("utf-8", "<p>简体中文 ASCII é 😀 𝄞</p><p>日本語</p>")]
    [InlineData("utf-16", "<p>简体中文 ASCII é 😀 𝄞</p><p>日本語</p>")]
    [InlineData("utf-16BE", "<p>简体中文 ASCII é 😀 𝄞</p><p>日本語</p>")]
    [InlineData("gb18030", "<p>简体中文 ASCII é 😀 𝄞</p><p>日本語</p>")]
    [InlineData("shift_jis", "<p>日本語のテキスト ASCII ｶﾀｶﾅ</p><p>漢字</p>")]
    [InlineData("iso-2022-jp", "<p>日本語のテキスト ASCII</p><p>漢字</p>")]
    public void Any_prefix_of_the_bytes_decodes_to_a_prefix_of_the_text(string name, string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var encoding = Encoding.GetEncoding(name);
        var bytes = encoding.GetBytes(text);
        var decoded = encoding.GetString(bytes);
        var previous = 0;
        for (var n = 0; n <= bytes.Length; n++)
        {
            var prefix = new string(HtmlConverter.DecodePrefix(bytes.AsSpan(0, n), encoding));
            Assert.StartsWith(prefix, decoded, StringComparison.Ordinal);
            Assert.InRange(prefix.Length, previous, decoded.Length);
            previous = prefix.Length;
        }
        Assert.Equal(decoded, new string(HtmlConverter.DecodePrefix(bytes, encoding)));
    }

    [Theory]
    [InlineData("gb18030")]
    [InlineData("utf-16")]
    public void A_page_in_a_multi_byte_charset_converts_from_prefixes_as_whole(string name)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var encoding = Encoding.GetEncoding(name);
        var html = new StringBuilder($"<html><head><meta charset={name}></head><body>");
        for (var i = 0; i < 3_000; i++) html.Append($"<p>第{i}段 简体中文 😀 <b>粗体</b></p>");
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(html.Append("</body></html>").ToString())).ToArray();
        foreach (var maxBlocks in (int[])[10, 37, 111])
        {
            var options = new ConversionOptions { Limits = new ConversionLimits { MaxBlocks = maxBlocks } };
            var whole = new HtmlConverter(int.MaxValue).Convert(new MemoryStream(bytes), options);
            var fromPrefixes = new HtmlConverter(0).Convert(new MemoryStream(bytes), options);
            Assert.Equal(Json(whole), Json(fromPrefixes));
        }
    }

    /// <summary>Varied, partly misnested HTML whose constructs straddle any cut: scripts and
    /// comments holding '&lt;', tables with spans, nested lists, unclosed formatting, attributes
    /// holding '&lt;', foster-parented text in tables.</summary>
    private static string MixedPage(int seed, int sections)
    {
        var random = new Random(seed);
        var html = new StringBuilder("<!DOCTYPE html><html><head><title>t</title><style>p { x: '<b>' }</style></head><body><div id=page>");
        for (var i = 0; i < sections; i++)
        {
            switch (random.Next(10))
            {
                case 0: html.Append($"<h{1 + random.Next(6)}>Heading {i}</h{1 + random.Next(6)}>"); break;
                case 1: html.Append($"<p>Para {i} <b>bold <i>both</b> italic</i> tail &amp; more</p>"); break;
                case 2: html.Append($"<ul><li>a{i}<ul><li>b{i}<li><input type=checkbox checked>c{i}</ul><li>d{i}</ul>"); break;
                case 3: html.Append($"<table><tr><td rowspan=2>r{i}<td colspan=2>c{i}<tr><td>x<td>y</table>"); break;
                case 4: html.Append($"<script>if (a < b) document.write('<p>no</p>');</script>text {i}"); break;
                case 5: html.Append($"<!-- comment <p>{i}</p> -->loose {i}<br>"); break;
                case 6: html.Append($"<pre><code class=language-js>let x{i} = 1 < 2;</code></pre>"); break;
                case 7: html.Append($"<blockquote><p>quote {i}<p>more</blockquote><hr>"); break;
                case 8: html.Append($"<table><tr><td>cell {i}</td></tr>stray text {i}<tr><td><table><tr><td>inner</table></table>"); break;
                default: html.Append($"<p title=\"a<b\"><a href=\"https://e.com/{i}\">link {i}</a><span style=\"color:red\">red</span>"); break;
            }
        }
        return html.Append("</div></body></html>").ToString();
    }

    private static string Json(DocxConversion conversion) => System.Text.Json.JsonSerializer.Serialize(conversion, Fixtures.FixtureFiles.Json);

    [Fact]
    public void Huge_spans_are_clipped_to_the_table()
    {
        var result = Convert("<table><tr><td colspan=99999 rowspan=99999>a</td></tr><tr><td>b</td></tr></table>");
        var table = Assert.Single(result.Document.Blocks).Table!;
        Assert.Equal(2, table.RowSize);
        Assert.Equal(100, table.ColumnSize);
        Assert.Equal(new MergeInfo(2, 100), table.MergeInfo[0]);
        Assert.Equal([ExtraCodes.DocxTooManyTableColumns], result.Warnings);
    }

    [Fact]
    public void Cancelled_conversion_stops()
    {
        var options = new ConversionOptions { Cancellation = new CancellationToken(canceled: true) };
        Assert.ThrowsAny<OperationCanceledException>(() => new HtmlConverter().Convert(Utf8("<p>a</p>"), options));
    }

    [Fact]
    public void Empty_and_binary_input_become_a_document_not_an_error()
    {
        Assert.Empty(Convert("").Document.Blocks);
        var noise = new byte[4096];
        new Random(7).NextBytes(noise);
        var result = new HtmlConverter().Convert(new MemoryStream(noise), new ConversionOptions());
        Assert.NotNull(result.Document);
    }

    [Fact]
    public void Non_seekable_streams_are_read_whole()
    {
        var text = string.Concat(Enumerable.Range(0, 3).Select(i => "<p>" + new string((char)('a' + i), 90_000) + "</p>"));
        var result = new HtmlConverter().Convert(new NonSeekable(Encoding.UTF8.GetBytes(text)), new ConversionOptions());
        Assert.Equal(3, result.Document.Blocks.Count);
        Assert.Equal(new string('c', 90_000), result.Document.Blocks[2].Elements![0].Content);
    }

    [Fact]
    public void Uppercase_tags_and_attributes_are_read()
    {
        var result = Convert("<P ALIGN=CENTER><SPAN STYLE=\"COLOR:RED\">x</SPAN></P>");
        var block = Assert.Single(result.Document.Blocks);
        Assert.Equal(2, block.Style!.Align);
        Assert.Equal(1, block.Elements![0].Style!.TextColor);
    }

    [Fact]
    public void Meta_charset_late_in_a_long_head_is_found()
    {
        var head = "<head>" + new string(' ', 5000) + "<meta http-equiv='content-type' content='text/html;charset=gb2312'></head>";
        var bytes = Encoding.ASCII.GetBytes("<html>" + head + "<body><p>").Concat(GbkBytes("简体中文")).Concat(Encoding.ASCII.GetBytes("</p>")).ToArray();
        var result = new HtmlConverter().Convert(new MemoryStream(bytes), new ConversionOptions());
        Assert.Equal("简体中文", AllText(result.Document.Blocks));
    }

    [Fact]
    public void A_stray_invalid_byte_does_not_overturn_a_utf8_declaration()
    {
        var bytes = Encoding.UTF8.GetBytes("<meta charset=utf-8><p>日本語のテキスト ").Concat(new byte[] { 0xE9 }).Concat(Encoding.UTF8.GetBytes("</p>")).ToArray();
        var result = new HtmlConverter().Convert(new MemoryStream(bytes), new ConversionOptions());
        Assert.StartsWith("日本語のテキスト", AllText(result.Document.Blocks));
    }

    [Fact]
    public void A_meta_charset_inside_a_comment_declares_nothing()
    {
        var bytes = Encoding.ASCII.GetBytes("<head><!-- <meta charset=\"windows-1252\"> --><meta charset=gbk></head><p>")
            .Concat(GbkBytes("简体中文")).ToArray();
        Assert.Equal("简体中文", AllText(new HtmlConverter().Convert(new MemoryStream(bytes), new ConversionOptions()).Document.Blocks));
    }

    [Fact]
    public void Utf32_with_a_bom_is_decoded()
    {
        var encoding = new UTF32Encoding(bigEndian: false, byteOrderMark: true);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes("<p>UTF-32 ✓</p>")).ToArray();
        Assert.Equal("UTF-32 ✓", AllText(new HtmlConverter().Convert(new MemoryStream(bytes), new ConversionOptions()).Document.Blocks));
    }

    [Theory]
    [InlineData("latin1", 1252)]
    [InlineData("ISO-8859-1", 1252)]
    [InlineData("gb2312", 54936)]
    [InlineData("GBK", 54936)]
    [InlineData("utf-16", 65001)]
    [InlineData("shift_jis", 932)]
    [InlineData("macintosh", 10000)]
    [InlineData("windows-1256", 1256)]
    public void Charset_labels_map_as_browsers_map_them(string label, int codePage) =>
        Assert.Equal(codePage, HtmlEncoding.FromLabel(label)!.CodePage);

    [Fact]
    public void Unknown_charset_labels_are_ignored() => Assert.Null(HtmlEncoding.FromLabel("no-such-charset"));

    [Theory]
    [InlineData("#ff0000", 1)]
    [InlineData("orange", 2)]
    [InlineData("#fc0", 3)]
    [InlineData("rgb(0, 128, 0)", 4)]
    [InlineData("hsl(210, 80%, 50%)", 5)]
    [InlineData("rebeccapurple", 6)]
    [InlineData("gray", 7)]
    public void Text_colours_map_to_the_nearest_feishu_colour(string css, int expected)
    {
        Assert.True(CssColors.TryTextColor(css, out var color));
        Assert.Equal(expected, color);
    }

    [Theory]
    [InlineData("black")]
    [InlineData("#111")]
    [InlineData("white")]
    public void Default_looking_text_colours_map_to_none(string css)
    {
        Assert.True(CssColors.TryTextColor(css, out var color));
        Assert.Null(color);
    }

    [Theory]
    [InlineData("inherit")]
    [InlineData("var(--x)")]
    [InlineData("rgba(255, 0, 0, 0)")]
    [InlineData("#12")]
    public void What_is_not_a_visible_colour_is_not_a_colour(string css) => Assert.False(CssColors.TryTextColor(css, out _));

    private static DocxConversion Convert(string html) => new HtmlConverter().Convert(Utf8(html), new ConversionOptions());

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    private static byte[] GbkBytes(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("gbk").GetBytes(text);
    }

    private static int MaxDepth(IReadOnlyList<Block> blocks)
    {
        var max = 0;
        foreach (var block in blocks) max = Math.Max(max, 1 + (block.Children is { } children ? MaxDepth(children) : 0));
        return max;
    }

    internal static string AllText(IEnumerable<Block> blocks) =>
        string.Concat(blocks.Select(b => string.Concat((b.Elements ?? []).Select(e => e.Content)) + (b.Children is { } c ? AllText(c) : "")));

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
    }
}
