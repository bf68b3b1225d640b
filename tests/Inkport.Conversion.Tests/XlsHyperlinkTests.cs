using System.Text;
using Inkport.Conversion.Formats.Xls;

namespace Inkport.Conversion.Tests;

/// <summary>HLINK's hyperlink object ([MS-OSHARED] 2.3.7.1) to the target xlsx would hold. The fixture
/// <c>xls/links.xls</c> (LibreOffice's Excel 97 export of <c>xls-sources/links.fods</c>) covers the records a real
/// writer makes; these pin each part.</summary>
public sealed class XlsHyperlinkTests
{
    private static readonly byte[] UrlMoniker = new Guid("79EAC9E0-BAF9-11CE-8C82-00AA004BA90B").ToByteArray();
    private static readonly byte[] FileMoniker = new Guid("00000303-0000-0000-C000-000000000046").ToByteArray();

    [Fact]
    public void A_url_moniker_is_the_target_and_a_location_follows_after_a_hash()
    {
        Assert.Equal("https://example.com/?q=中", XlsHyperlink.Target(Link(0x01, [.. UrlMoniker, .. Url("https://example.com/?q=中")])));
        Assert.Equal("https://example.com/#top", XlsHyperlink.Target(Link(0x01 | 0x08, [.. UrlMoniker, .. Url("https://example.com/"), .. Str("top")])));
    }

    [Fact]
    public void A_display_name_and_a_frame_name_before_the_moniker_are_passed_over()
    {
        Assert.Equal("https://a.example/", XlsHyperlink.Target(Link(0x01 | 0x10 | 0x80, [.. Str("Click here"), .. Str("_blank"), .. UrlMoniker, .. Url("https://a.example/")])));
    }

    [Fact]
    public void A_place_in_the_workbook_alone_is_a_hash_link()
    {
        Assert.Equal("#'My Sheet'!B3", XlsHyperlink.Target(Link(0x08, Str("'My Sheet'!B3"))));
    }

    [Fact]
    public void A_file_moniker_gives_its_unicode_path_after_its_parent_steps()
    {
        var ansi = Encoding.Latin1.GetBytes("docs\\r?port.xls\0");
        var unicode = Encoding.Unicode.GetBytes("docs\\rèport.xls");
        byte[] file = [.. FileMoniker, 2, 0, .. BitConverter.GetBytes(ansi.Length), .. ansi, 0xFF, 0xFF, 0xDE, 0xAD, .. new byte[20],
            .. BitConverter.GetBytes(unicode.Length + 6), .. BitConverter.GetBytes(unicode.Length), 3, 0, .. unicode];
        Assert.Equal("../../docs\\rèport.xls", XlsHyperlink.Target(Link(0x01, file)));
        // Without a Unicode path, the 8-bit one.
        byte[] ansiOnly = [.. FileMoniker, 0, 0, .. BitConverter.GetBytes(ansi.Length), .. ansi, 0xFF, 0xFF, 0xDE, 0xAD, .. new byte[20], 0, 0, 0, 0];
        Assert.Equal("docs\\r?port.xls", XlsHyperlink.Target(Link(0x01, ansiOnly)));
    }

    [Fact]
    public void A_moniker_saved_as_a_string_is_read_as_one()
    {
        Assert.Equal("\\\\server\\share\\book.xls", XlsHyperlink.Target(Link(0x01 | 0x100, Str("\\\\server\\share\\book.xls"))));
    }

    [Theory]
    [InlineData(0x00)]         // no moniker, no location
    [InlineData(0x01)]         // a moniker announced but cut off
    [InlineData(0x08)]         // a location announced but cut off
    public void A_link_without_a_target_or_cut_short_has_none(int flags)
    {
        Assert.Null(XlsHyperlink.Target(Link((uint)flags, [])));
        Assert.Null(XlsHyperlink.Target(Link(0x01, [.. UrlMoniker, 0x40, 0, 0, 0, 1, 2])));
        Assert.Null(XlsHyperlink.Target(Link(0x01, [.. new Guid("00000309-0000-0000-C000-000000000046").ToByteArray(), 0, 0, 0, 0])));
    }

    /// <summary>Damaged copies of real hyperlink objects (bytes overwritten, cut short): a target or null, never a throw.</summary>
    [Fact]
    public void Damaged_links_yield_a_target_or_none_and_never_throw()
    {
        var ansi = Encoding.Latin1.GetBytes("a.xls\0");
        byte[][] originals =
        [
            Link(0x01 | 0x08 | 0x10, [.. Str("shown"), .. UrlMoniker, .. Url("https://example.com/"), .. Str("Sheet1!A1")]),
            Link(0x01, [.. FileMoniker, 1, 0, .. BitConverter.GetBytes(ansi.Length), .. ansi, .. new byte[24], 0, 0, 0, 0]),
        ];
        var random = new Random(20_261_121);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = (byte[])originals[i % 2].Clone();
            for (var flips = 1 + random.Next(6); flips > 0; flips--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            _ = XlsHyperlink.Target(bytes.AsSpan(0, random.Next(bytes.Length + 1)));
        }
    }

    /// <summary>The hyperlink object: stream version 2, the flags, then the parts.</summary>
    private static byte[] Link(uint flags, byte[] parts) => [2, 0, 0, 0, .. BitConverter.GetBytes(flags), .. parts];

    /// <summary>A HyperlinkString: a char count (with the terminating null), then UTF-16.</summary>
    private static byte[] Str(string text) => [.. BitConverter.GetBytes(text.Length + 1), .. Encoding.Unicode.GetBytes(text + "\0")];

    /// <summary>A URL moniker's data: a byte count, then the null-terminated UTF-16 URL.</summary>
    private static byte[] Url(string url)
    {
        var bytes = Encoding.Unicode.GetBytes(url + "\0");
        return [.. BitConverter.GetBytes(bytes.Length), .. bytes];
    }
}
