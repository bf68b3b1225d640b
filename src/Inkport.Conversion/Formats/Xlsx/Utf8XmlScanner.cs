using System.Runtime.CompilerServices;
using System.Text;

namespace Inkport.Conversion.Formats.Xlsx;

internal enum XmlToken : byte { None, StartElement, EndElement, Text, EndOfDocument }

/// <summary>A forward-only pull scanner over the UTF-8 bytes of one XML part, built for the
/// large parts of a workbook (worksheets, shared strings): names, attribute values and text are
/// spans into its buffer, so reading a cell allocates nothing. It is non-validating but safe:
/// a DTD is refused (no entity can be declared, so none expands), only the five predefined
/// entities and character references are decoded, a token larger than
/// <see cref="MaxTokenBytes"/> fails, and the input is consumed in buffer-sized reads.
/// Spans stay valid until the next <see cref="Read"/>. UTF-16 parts are transcoded first.</summary>
internal sealed class Utf8XmlScanner
{
    /// <summary>Largest single tag or text run held at once (a cell's text is at most 32,767
    /// characters in Excel; this leaves room for escaped or generated files).</summary>
    public const int MaxTokenBytes = 64 << 20;

    private const int InitialBufferBytes = 1 << 17;

    private struct Attribute
    {
        public int NameStart, NameLength, LocalStart, ValueStart, ValueLength;
        public bool Escaped;
    }

    private readonly Stream _source;
    private readonly string _part;
    private byte[] _buffer = new byte[InitialBufferBytes];
    private int _pos, _end;
    private bool _eof;
    private int _openElements;

    private int _nameStart, _nameLength, _localStart;
    private Attribute[] _attributes = new Attribute[16];
    private int _attributeCount;
    private int _textStart, _textLength;
    private bool _textEscaped;
    private byte[] _content = new byte[256];

    public Utf8XmlScanner(Stream source, string part)
    {
        _source = source;
        _part = part;
        DetectEncoding(ref _source);
    }

    public XmlToken Token { get; private set; }

    /// <summary>Elements enclosing the current token (the root element has depth 0), as XmlReader counts.</summary>
    public int Depth { get; private set; }

    public bool IsEmptyElement { get; private set; }

    public ReadOnlySpan<byte> LocalName
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _buffer.AsSpan(_localStart, _nameStart + _nameLength - _localStart);
    }

    /// <summary>The element's namespace prefix without the colon; empty when it has none.</summary>
    public ReadOnlySpan<byte> Prefix
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _localStart == _nameStart ? default : _buffer.AsSpan(_nameStart, _localStart - _nameStart - 1);
    }

    public bool Read()
    {
        while (true)
        {
            if (_pos >= _end && !Fill())
            {
                if (_openElements > 0) throw Corrupt("the XML ends inside an element");
                Token = XmlToken.EndOfDocument;
                return false;
            }
            if (_buffer[_pos] != (byte)'<')
            {
                if (!ScanText()) continue;
                return true;
            }
            if (!HaveBytes(2)) throw Corrupt("the XML ends inside a tag");
            switch (_buffer[_pos + 1])
            {
                case (byte)'/':
                    ScanEndTag();
                    return true;
                case (byte)'?':
                    SkipPast("?>"u8);
                    continue;
                case (byte)'!':
                    if (ScanMarkup()) return true;
                    continue;
                default:
                    ScanStartTag();
                    return true;
            }
        }
    }

    /// <summary>The current text token, entities decoded and line ends normalised.</summary>
    public ReadOnlySpan<byte> Text
    {
        get
        {
            if (_textEscaped)
            {
                _textLength = Unescape(_buffer.AsSpan(_textStart, _textLength));
                _textEscaped = false;
            }
            return _buffer.AsSpan(_textStart, _textLength);
        }
    }

    /// <summary>The value of the unprefixed attribute <paramref name="localName"/>, decoded.</summary>
    public bool TryGetAttribute(ReadOnlySpan<byte> localName, out ReadOnlySpan<byte> value) =>
        TryGetAttribute(localName, prefixed: false, out value);

    /// <summary>The value of a prefixed attribute with this local name (e.g. <c>r:id</c>), xmlns declarations aside.</summary>
    public bool TryGetPrefixedAttribute(ReadOnlySpan<byte> localName, out ReadOnlySpan<byte> value) =>
        TryGetAttribute(localName, prefixed: true, out value);

    public string? AttributeString(ReadOnlySpan<byte> localName) =>
        TryGetAttribute(localName, out var value) ? Encoding.UTF8.GetString(value) : null;

    /// <summary>The namespace URI the current element's prefix is declared with on this same element.</summary>
    public string? DeclaredNamespaceOfPrefix()
    {
        var prefix = Prefix;
        for (var i = 0; i < _attributeCount; i++)
        {
            ref var a = ref _attributes[i];
            var name = _buffer.AsSpan(a.NameStart, a.NameLength);
            var declares = prefix.IsEmpty
                ? name.SequenceEqual("xmlns"u8)
                : name.Length == prefix.Length + 6 && name.StartsWith("xmlns:"u8) && name[6..].SequenceEqual(prefix);
            if (declares) return Encoding.UTF8.GetString(AttributeValue(ref a));
        }
        return null;
    }

    /// <summary>Skips the current start element's content, leaving the scanner on its end tag.</summary>
    public void Skip()
    {
        if (Token != XmlToken.StartElement || IsEmptyElement) return;
        var depth = Depth;
        while (Read())
            if (Token == XmlToken.EndElement && Depth == depth) return;
    }

    /// <summary>The text content of the current start element (child elements' text excluded),
    /// leaving the scanner on its end tag. Valid until the next call that reads.</summary>
    public ReadOnlySpan<byte> ReadContent()
    {
        if (Token != XmlToken.StartElement || IsEmptyElement) return default;
        var depth = Depth;
        Read();
        if (Token == XmlToken.EndElement) return default;
        if (Token == XmlToken.Text && TryConsumeEndTag())
        {
            Token = XmlToken.EndElement;
            Depth = depth;
            return Text;
        }
        var length = 0;
        while (true)
        {
            if (Token == XmlToken.Text) Append(ref length, Text);
            else if (Token == XmlToken.StartElement) Skip();
            else if (Token == XmlToken.EndElement && Depth == depth) break;
            if (!Read()) throw Corrupt("the XML ends inside an element");
        }
        return _content.AsSpan(0, length);
    }

    private void Append(ref int length, ReadOnlySpan<byte> text)
    {
        if (length + text.Length > MaxTokenBytes) throw Corrupt($"an element's text exceeds {MaxTokenBytes >> 20} MB");
        if (length + text.Length > _content.Length) Array.Resize(ref _content, Math.Max(_content.Length * 2, length + text.Length));
        text.CopyTo(_content.AsSpan(length));
        length += text.Length;
    }

    /// <summary>On a text token immediately followed by an end tag held whole in the buffer:
    /// consumes the end tag without moving the buffer, so the text span stays valid.</summary>
    private bool TryConsumeEndTag()
    {
        if (_pos + 1 >= _end || _buffer[_pos] != (byte)'<' || _buffer[_pos + 1] != (byte)'/') return false;
        var close = _buffer.AsSpan(_pos, _end - _pos).IndexOf((byte)'>');
        if (close < 0) return false;
        _pos += close + 1;
        _openElements--;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryGetAttribute(ReadOnlySpan<byte> localName, bool prefixed, out ReadOnlySpan<byte> value)
    {
        for (var i = 0; i < _attributeCount; i++)
        {
            ref var a = ref _attributes[i];
            var hasPrefix = a.LocalStart != a.NameStart;
            if (hasPrefix != prefixed) continue;
            if (!_buffer.AsSpan(a.LocalStart, a.NameStart + a.NameLength - a.LocalStart).SequenceEqual(localName)) continue;
            if (prefixed && _buffer.AsSpan(a.NameStart, a.LocalStart - a.NameStart).SequenceEqual("xmlns:"u8)) continue;
            value = AttributeValue(ref a);
            return true;
        }
        value = default;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> AttributeValue(ref Attribute a)
    {
        if (a.Escaped)
        {
            a.ValueLength = Unescape(_buffer.AsSpan(a.ValueStart, a.ValueLength));
            a.Escaped = false;
        }
        return _buffer.AsSpan(a.ValueStart, a.ValueLength);
    }

    /// <summary>Text up to the next '&lt;'. False when it lies outside the root element (ignored).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool ScanText()
    {
        int lt;
        while ((lt = _buffer.AsSpan(_pos, _end - _pos).IndexOf((byte)'<')) < 0)
        {
            if (!Fill())
            {
                if (_openElements > 0) throw Corrupt("the XML ends inside an element");
                _pos = _end;
                return false;
            }
        }
        var start = _pos;
        _pos += lt;
        if (_openElements == 0) return false;
        Token = XmlToken.Text;
        Depth = _openElements;
        _textStart = start;
        _textLength = lt;
        _textEscaped = _buffer.AsSpan(start, lt).IndexOfAny((byte)'&', (byte)'\r') >= 0;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ScanEndTag()
    {
        var close = FindInToken((byte)'>', 2);
        _nameStart = _pos + 2;
        var nameEnd = _pos + close;
        while (nameEnd > _nameStart && IsSpace(_buffer[nameEnd - 1])) nameEnd--;
        _nameLength = nameEnd - _nameStart;
        SetLocalStart();
        _pos += close + 1;
        if (--_openElements < 0) throw Corrupt("an end tag closes no element");
        Token = XmlToken.EndElement;
        Depth = _openElements;
        _attributeCount = 0;
    }

    /// <summary>Comments are skipped, CDATA becomes text; a DTD is refused outright.</summary>
    private bool ScanMarkup()
    {
        HaveBytes(9);
        var rest = _buffer.AsSpan(_pos, _end - _pos);
        if (rest.StartsWith("<!--"u8))
        {
            SkipPast("-->"u8);
            return false;
        }
        if (rest.StartsWith("<![CDATA["u8))
        {
            var close = FindInToken("]]>"u8, 9);
            if (_openElements == 0) throw Corrupt("CDATA outside the root element");
            Token = XmlToken.Text;
            Depth = _openElements;
            _textStart = _pos + 9;
            _textLength = close - 9;
            _textEscaped = false;
            _pos += close + 3;
            return true;
        }
        if (rest.StartsWith("<!DOCTYPE"u8))
            throw Corrupt("a DTD is not allowed in an Office Open XML part (entity expansion refused)");
        throw Corrupt("unknown markup declaration");
    }

    private void ScanStartTag()
    {
        while (true)
        {
            var p = _pos + 1;
            var ok = TryParseStartTag(ref p);
            if (ok)
            {
                _pos = p;
                Token = XmlToken.StartElement;
                Depth = _openElements;
                if (!IsEmptyElement) _openElements++;
                return;
            }
            if (!Fill()) throw Corrupt("the XML ends inside a tag");
        }
    }

    /// <summary>Parses the start tag at <see cref="_pos"/>; false when it is not whole in the buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] 
    private bool TryParseStartTag(ref int p)
    {
        var buffer = _buffer;
        var end = _end;
        _nameStart = p;
        while (p < end && !IsNameEnd(buffer[p])) p++;
        if (p >= end) return false;
        _nameLength = p - _nameStart;
        if (_nameLength == 0) throw Corrupt("a tag has no name");
        SetLocalStart();
        _attributeCount = 0;
        while (true)
        {
            while (p < end && IsSpace(buffer[p])) p++;
            if (p >= end) return false;
            var b = buffer[p];
            if (b == (byte)'>')
            {
                IsEmptyElement = false;
                p++;
                return true;
            }
            if (b == (byte)'/')
            {
                if (p + 1 >= end) return false;
                if (buffer[p + 1] != (byte)'>') throw Corrupt("'/' inside a tag");
                IsEmptyElement = true;
                p += 2;
                return true;
            }
            var nameStart = p;
            while (p < end && !IsNameEnd(buffer[p])) p++;
            if (p >= end) return false;
            var nameLength = p - nameStart;
            while (p < end && IsSpace(buffer[p])) p++;
            if (p >= end) return false;
            if (buffer[p] != (byte)'=' || nameLength == 0) throw Corrupt("an attribute has no value");
            p++;
            while (p < end && IsSpace(buffer[p])) p++;
            if (p >= end) return false;
            var quote = buffer[p];
            if (quote is not ((byte)'"' or (byte)'\'')) throw Corrupt("an attribute value is not quoted");
            var valueStart = p + 1;
            var valueLength = buffer.AsSpan(valueStart, end - valueStart).IndexOf(quote);
            if (valueLength < 0) return false;
            p = valueStart + valueLength + 1;
            if (_attributeCount == _attributes.Length) Array.Resize(ref _attributes, _attributes.Length * 2);
            var colon = buffer.AsSpan(nameStart, nameLength).IndexOf((byte)':');
            var value = buffer.AsSpan(valueStart, valueLength);
            _attributes[_attributeCount++] = new Attribute
            {
                NameStart = nameStart,
                NameLength = nameLength,
                LocalStart = colon < 0 ? nameStart : nameStart + colon + 1,
                ValueStart = valueStart,
                ValueLength = valueLength,
                Escaped = value.IndexOfAny((byte)'&', (byte)'\r') >= 0,
            };
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetLocalStart()
    {
        var colon = _buffer.AsSpan(_nameStart, _nameLength).IndexOf((byte)':');
        _localStart = colon < 0 ? _nameStart : _nameStart + colon + 1;
    }

    /// <summary>Offset from <see cref="_pos"/> of <paramref name="b"/>, searching from <paramref name="from"/>, refilling as needed.</summary>
    private int FindInToken(byte b, int from)
    {
        while (true)
        {
            if (_pos + from <= _end)
            {
                var i = _buffer.AsSpan(_pos + from, _end - _pos - from).IndexOf(b);
                if (i >= 0) return from + i;
            }
            if (!Fill()) throw Corrupt("the XML ends inside a tag");
        }
    }

    private int FindInToken(ReadOnlySpan<byte> marker, int from)
    {
        while (true)
        {
            if (_pos + from <= _end)
            {
                var i = _buffer.AsSpan(_pos + from, _end - _pos - from).IndexOf(marker);
                if (i >= 0) return from + i;
            }
            if (!Fill()) throw Corrupt("the XML ends inside markup");
        }
    }

    private void SkipPast(ReadOnlySpan<byte> marker) => _pos += FindInToken(marker, 2) + marker.Length;

    private bool HaveBytes(int count)
    {
        while (_end - _pos < count)
            if (!Fill()) return false;
        return true;
    }

    /// <summary>Keeps the unread bytes from <see cref="_pos"/> (the token being scanned), moving them
    /// to the front or growing the buffer, and reads more. False at the end of the input.</summary>
    private bool Fill()
    {
        if (_eof) return false;
        var keep = _end - _pos;
        if (_pos > 0)
        {
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, keep);
        }
        else if (keep == _buffer.Length)
        {
            if (_buffer.Length >= MaxTokenBytes) throw Corrupt($"a single XML token exceeds {MaxTokenBytes >> 20} MB");
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        _pos = 0;
        _end = keep;
        var read = _source.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
            return false;
        }
        _end += read;
        return true;
    }

    /// <summary>Decodes entity and character references and normalises CR LF / CR to LF, in place
    /// (every replacement is shorter than what it replaces). Returns the new length.</summary>
    private int Unescape(Span<byte> span)
    {
        var write = 0;
        for (var read = 0; read < span.Length;)
        {
            var b = span[read];
            if (b == (byte)'\r')
            {
                span[write++] = (byte)'\n';
                read += read + 1 < span.Length && span[read + 1] == (byte)'\n' ? 2 : 1;
                continue;
            }
            if (b != (byte)'&')
            {
                span[write++] = b;
                read++;
                continue;
            }
            var semicolon = span[read..].IndexOf((byte)';');
            if (semicolon < 2) throw Corrupt("an unterminated entity reference");
            var entity = span.Slice(read + 1, semicolon - 1);
            read += semicolon + 1;
            if (entity[0] == (byte)'#')
            {
                var codePoint = ParseCharacterReference(entity[1..]);
                write += new Rune(codePoint).EncodeToUtf8(span[write..]);
                continue;
            }
            span[write++] = entity switch
            {
                _ when entity.SequenceEqual("lt"u8) => (byte)'<',
                _ when entity.SequenceEqual("gt"u8) => (byte)'>',
                _ when entity.SequenceEqual("amp"u8) => (byte)'&',
                _ when entity.SequenceEqual("quot"u8) => (byte)'"',
                _ when entity.SequenceEqual("apos"u8) => (byte)'\'',
                _ => throw Corrupt($"undeclared entity '&{Encoding.UTF8.GetString(entity)};'"),
            };
        }
        return write;
    }

    private int ParseCharacterReference(ReadOnlySpan<byte> digits)
    {
        var hex = digits.Length > 0 && digits[0] is (byte)'x' or (byte)'X';
        if (hex) digits = digits[1..];
        if (digits.IsEmpty || digits.Length > 8) throw Corrupt("a malformed character reference");
        var value = 0;
        foreach (var d in digits)
        {
            var digit = d switch
            {
                >= (byte)'0' and <= (byte)'9' => d - '0',
                >= (byte)'a' and <= (byte)'f' when hex => d - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' when hex => d - 'A' + 10,
                _ => -1,
            };
            if (digit < 0) throw Corrupt("a malformed character reference");
            value = value * (hex ? 16 : 10) + digit;
        }
        if (!Rune.IsValid(value) || value == 0) throw Corrupt("a character reference to an invalid character");
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] 
    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    [MethodImpl(MethodImplOptions.AggressiveInlining)] 
    private static bool IsNameEnd(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'>' or (byte)'/' or (byte)'=';

    private ConversionException Corrupt(string why) => ConversionException.Corrupt(why, _part);

    /// <summary>Skips a UTF-8 byte order mark; transcodes a UTF-16 part (BOM-marked) to UTF-8.</summary>
    private void DetectEncoding(ref Stream source)
    {
        Fill();
        if (_end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
        {
            _pos = 3;
            return;
        }
        if (_end < 2 || !((_buffer[0] == 0xFF && _buffer[1] == 0xFE) || (_buffer[0] == 0xFE && _buffer[1] == 0xFF))) return;
        var encoding = _buffer[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
        var head = new MemoryStream(_buffer, 2, _end - 2, writable: false);
        source = Encoding.CreateTranscodingStream(new ConcatenatedStream(head, source), encoding, Encoding.UTF8);
        _buffer = new byte[InitialBufferBytes];
        _pos = _end = 0;
        _eof = false;
    }

    /// <summary>Reads one stream, then another.</summary>
    private sealed class ConcatenatedStream(Stream first, Stream second) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = first.Read(buffer, offset, count);
            return read > 0 ? read : second.Read(buffer, offset, count);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
