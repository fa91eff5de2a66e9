using System;
using System.Reflection;
using System.Text;
using System.Text.Json;
using CallsGen.Runtime;

namespace CallsGen.Tests.TestSupport;

/// <summary>Calls generated Read*/Write* methods (which take a ref Utf8JsonReader) through reflection.</summary>
internal static class JsonCalls
{
    public static object Read(Type jsonClass, string methodName, string json)
    {
        var method = jsonClass.GetMethod(methodName, BindingFlags.Public | BindingFlags.Static) ?? throw new MissingMethodException(jsonClass.FullName, methodName);
        var valueType = method.ReturnType;
        var readerDelegate = Delegate.CreateDelegate(typeof(JsonValueReader<>).MakeGenericType(valueType), method);
        var helper = typeof(JsonCalls).GetMethod(nameof(ReadWith), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(valueType);
        try
        {
            return helper.Invoke(null, new object[] { readerDelegate, Encoding.UTF8.GetBytes(json) })!;
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw exception.InnerException;
        }
    }

    public static string Write(Type jsonClass, string methodName, object value)
    {
        var method = jsonClass.GetMethod(methodName, BindingFlags.Public | BindingFlags.Static) ?? throw new MissingMethodException(jsonClass.FullName, methodName);
        using var stream = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            method.Invoke(null, new[] { writer, value });
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static T ReadWith<T>(JsonValueReader<T> read, byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return read(ref reader);
    }
}
