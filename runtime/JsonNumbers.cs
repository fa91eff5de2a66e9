using System;

namespace CallsGen.Runtime;

/// <summary>
/// A fast path for the numbers APIs send most (integers and short decimals such as <c>1772371200123</c> or <c>0.0123</c>):
/// up to 15 significant digits and 22 decimals give an exact integer divided by an exact power of ten, which IEEE
/// division rounds correctly, so the result is the same double the general parser gives. Anything else (exponents,
/// longer numbers) is left to the general parser.
/// </summary>
internal static class JsonNumbers
{
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses <paramref name="text"/> (a valid JSON number) when it has the simple form; false to use the general parser.</summary>
    public static bool TryParseSimple(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = text.Length > 0 && text[0] == (byte)'-';
        if (negative)
        {
            i = 1;
        }

        long mantissa = 0;
        int significant = 0;
        int decimals = 0;
        bool fraction = false;
        for (; i < text.Length; i++)
        {
            int digit = text[i] - '0';
            if ((uint)digit <= 9)
            {
                if (mantissa != 0 || digit != 0)
                {
                    if (++significant > 15)
                    {
                        return false;
                    }
                }

                mantissa = (mantissa * 10) + digit;
                if (fraction && ++decimals > 22)
                {
                    return false;
                }
            }
            else if (text[i] == (byte)'.' && !fraction)
            {
                fraction = true;
            }
            else
            {
                // An exponent (or anything unexpected): the general parser handles it.
                return false;
            }
        }

        double result = mantissa;
        if (decimals > 0)
        {
            result /= PowersOfTen[decimals];
        }

        value = negative ? -result : result;
        return true;
    }
}
