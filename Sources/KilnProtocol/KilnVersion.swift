/// Kiln's version, recorded with every attempt and printed by `kiln --version`.
public enum KilnVersion { public static let current = "0.2.0" }
