using System.Security.Cryptography;

namespace Tellal.Testing;

/// <summary>A fresh password per test run for the throwaway nodes tests start: no fixed credentials anywhere.</summary>
public static class TestPasswords
{
    public static string New() => $"test-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}";
}
