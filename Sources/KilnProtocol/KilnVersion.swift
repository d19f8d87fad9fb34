/// Kiln's version, recorded with every attempt and printed by `kiln --version`.
package enum KilnVersion { package static let current = "0.2.0" }
