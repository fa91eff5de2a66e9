using System;
using System.Buffers;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace CallsGen.Runtime;

/// <summary>
/// Collects the items of a JSON array into an array of exactly their number, growing a buffer borrowed from the shared
/// pool rather than a list's doubling arrays (whose discarded copies the garbage collector would have to clean up).
/// Generated code calls this type; it is not meant for other use.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct ListBuilder<T>
{
    private T[]? _buffer;
    private int _count;

    /// <summary>Adds an item.</summary>
    /// <param name="item">The item.</param>
    public void Add(T item)
    {
        if (_buffer is null || _count == _buffer.Length)
        {
            Grow();
        }

        _buffer![_count++] = item;
    }

    /// <summary>The items, in order, as an array of their exact number; the borrowed buffer goes back to the pool.</summary>
    /// <returns>The items.</returns>
    public IReadOnlyList<T> ToList()
    {
        if (_count == 0)
        {
            Release();
            return Array.Empty<T>();
        }

        var items = new T[_count];
        Array.Copy(_buffer!, items, _count);
        Release();
        return items;
    }

    private void Grow()
    {
        var larger = ArrayPool<T>.Shared.Rent(_buffer is null ? 16 : _buffer.Length * 2);
        if (_buffer is not null)
        {
            Array.Copy(_buffer, larger, _count);
            Release();
        }

        _buffer = larger;
    }

    private void Release()
    {
        if (_buffer is not null)
        {
            ArrayPool<T>.Shared.Return(_buffer, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
            _buffer = null;
        }
    }
}
