using System.Text;

namespace Inkport.Client.Tests.Infrastructure;

/// <summary>A forward-only stream of exactly <c>length</c> bytes of CSV ("id,name,amount" rows), made on the fly,
/// so a 50 MB upload needs no 50 MB buffer (and exercises the client's spooling of unseekable streams).</summary>
public sealed class GeneratedCsvStream(long length) : Stream
{
    private long _position;
    private long _row;
    private byte[] _pending = Encoding.ASCII.GetBytes("id,name,amount\n");
    private int _offset;

    public override int Read(byte[] buffer, int offset, int count)
    {
        var written = 0;
        while (written < count && _position < length)
        {
            if (_offset == _pending.Length)
            {
                _row++;
                _pending = Encoding.ASCII.GetBytes($"{_row},name {_row % 977},{_row * 7 % 10007}.{_row % 100:D2}\n");
                _offset = 0;
            }
            var n = (int)Math.Min(Math.Min(count - written, _pending.Length - _offset), length - _position);
            Array.Copy(_pending, _offset, buffer, offset + written, n);
            _offset += n;
            written += n;
            _position += n;
        }
        return written;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
