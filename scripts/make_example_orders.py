"""Write the example order book: `caspian/examples/order_book.csv` (and `.xlsx`, with
openpyxl), shipped inside the package.

The book is what a compliance officer gets from the ERP of a fictional electronics
distributor (Rhein Components Distribution GmbH, Duisburg): a few hundred orders of
ordinary customers in many countries, one row per order line, with a dozen cases of the
patterns the Iran-UAV and Russia guidance describes buried among them. `caspian demo`
screens it against the bundled snapshot; `caspian/examples/README.md` is the key to the
buried cases. Every customer, address and person is invented; manufacturers, part numbers,
banks, forwarders and container ships are real, as they would be in a real book. The
designated names are the ones the bundled snapshot knows, written as a counterparty
would write them.

Deterministic: the same seed gives the same bytes (tests/test_example_order_book.py).

Usage: python scripts/make_example_orders.py [--out-dir caspian/examples] [--seed 20260302]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import re
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = 20260302
ORDERS = 360  # ordinary and buried together
CSV_NAME = "order_book.csv"
XLSX_NAME = "order_book.xlsx"

COLUMNS = (
    "Order No.", "Line No.", "Order Date", "Customer", "Customer Country", "Customer Address",
    "Ship-to", "Ship-to Country", "Ship-to Address", "End User", "End User Country",
    "Forwarder", "Bank", "Vessel", "Vessel IMO", "Item Description", "HS Code", "ECCN",
    "Part No.", "Manufacturer", "Qty", "Unit Price", "Currency", "Incoterms", "Route",
    "Payer Country", "Payment Method", "End Use", "Notes",
)  # fmt: skip

# The columns that differ between the lines of one order; the others repeat its header.
LINE_COLUMNS = ("Line No.", "Item Description", "HS Code", "ECCN", "Part No.", "Manufacturer",
                "Qty", "Unit Price")  # fmt: skip

# Invoice currencies and the rates the price list was converted with (fixed: a book is
# a snapshot of one fortnight).
FX = {"EUR": 1.0, "USD": 1.08, "GBP": 0.86, "JPY": 162.0, "CHF": 0.95, "PLN": 4.3,
      "AUD": 1.65, "CAD": 1.47, "SEK": 11.2}  # fmt: skip
FIRST_DAY = dt.date(2026, 3, 2)  # a Monday; orders run over two working weeks
WORKING_DAYS = 10


# -- catalogue ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Product:
    description: str
    hs: str  # as the ERP writes it; "" = not maintained
    eccn: str
    part: str
    maker: str
    price_eur: float
    lots: tuple[int, ...]  # the quantities customers order (reels, trays, boxes)


CATALOGUE: dict[str, Product] = {
    # Passives, cables, LEDs, electromechanics: not on the Common High Priority List.
    "res_10k": Product("Thick film chip resistor 10k 1% 0603", "8533.21.00", "EAR99",
                       "RC0603FR-0710KL", "Yageo", 0.0021, (5000, 10000, 20000, 50000)),
    "res_0r": Product("Chip resistor 0 ohm jumper 0402", "8533.21.00", "EAR99",
                      "RC0402JR-070RL", "Yageo", 0.0012, (10000, 20000, 50000)),
    "res_1k": Product("Metal film resistor 1k 1% 0.6 W axial", "8533.21.00", "EAR99",
                      "MFR-25FBF52-1K", "Yageo", 0.018, (1000, 2000, 5000)),
    "res_shunt": Product("Current sense resistor 10 mOhm 1 W 2512", "8533.21.00", "EAR99",
                         "WSL2512R0100FEA", "Vishay Dale", 0.42, (500, 1000, 2000)),
    "cap_elko": Product("Aluminium electrolytic capacitor 470 uF 25 V", "8532.22.00", "EAR99",
                        "EEU-FR1E471", "Panasonic", 0.19, (500, 1000, 2000)),
    "cap_film": Product("Film capacitor X2 100 nF 305 VAC", "8532.25.00", "EAR99",
                        "B32922C3104M", "TDK", 0.16, (1000, 2000, 4000)),
    "inductor": Product("Power inductor 10 uH 4.4 A shielded", "8504.50", "EAR99",
                        "SRR1260-100M", "Bourns", 0.38, (500, 1000, 2000)),
    "led_red": Product("LED red 0603 SMD 631 nm", "8541.41.00", "EAR99", "LTST-C191KRKT",
                       "Lite-On", 0.028, (4000, 10000, 20000)),
    "led_white": Product("LED white 0603 SMD 6500 K", "8541.41.00", "EAR99", "150060VS75000",
                         "Wurth Elektronik", 0.061, (4000, 10000, 20000)),
    "relay": Product("Relay 24 VDC SPDT 10 A", "8536.41", "EAR99", "G5LE-1 DC24", "Omron",
                     0.95, (100, 250, 500)),
    "prox": Product("Inductive proximity sensor M12 PNP", "8536.50", "EAR99", "E2E-X4MD1",
                    "Omron", 38.0, (10, 20, 50)),
    "sht31": Product("Humidity and temperature sensor I2C", "9025.80", "EAR99", "SHT31-DIS-B",
                     "Sensirion", 3.4, (250, 500, 1000)),
    "fuse": Product("Fuse 5x20 mm 1 A fast-acting", "8536.10", "EAR99", "0218001.MXP",
                    "Littelfuse", 0.22, (500, 1000, 2000)),
    "tact": Product("Tactile switch 6x6 mm", "8536.50", "EAR99", "B3F-1000", "Omron", 0.12,
                    (1000, 2000, 5000)),
    "stepper": Product("Stepper motor NEMA 17 1.8 A", "8501.10", "EAR99", "ST4118L1804-A",
                       "Nanotec", 19.5, (10, 20, 50)),
    "dcmotor": Product("Small DC motor 3 V", "8501.10", "EAR99", "FA-130RA-2270", "Mabuchi",
                       0.85, (100, 500, 1000)),
    "arduino": Product("Arduino Uno Rev3 development board", "8473.30", "EAR99", "A000066",
                       "Arduino", 20.9, (10, 25, 50)),
    "nucleo": Product("STM32 Nucleo-64 development board", "8473.30", "EAR99",
                      "NUCLEO-F401RE", "STMicroelectronics", 12.4, (5, 10, 20)),
    "laptop": Product("Laptop ThinkPad T14 Gen 4, 14 in, i7, 16 GB, 512 GB SSD", "8471.30.00",
                      "5A992.c", "21HD003NGE", "Lenovo", 1390.0, (5, 10, 20)),
    "monitor": Product("Monitor 23.8 in QHD", "8528.52", "EAR99", "P2423D", "Dell", 245.0,
                       (5, 10, 20)),
    "usb_cable": Product("USB 2.0 cable A to Micro-B 1 m", "8544.42", "EAR99", "68784-0002",
                         "Molex", 2.1, (50, 100, 250)),
    "patch": Product("Patch cable Cat6 S/FTP 2 m", "8544.42", "EAR99", "DK-1644-020",
                     "Digitus", 3.1, (50, 100, 200)),
    "olflex": Product("Control cable OLFLEX CLASSIC 110 3G1.5 (m)", "8544.49", "EAR99",
                      "1119303", "Lapp", 1.35, (100, 500, 1000)),
    "solder": Product("Soldering station 95 W", "8515.11", "EAR99", "WE1010", "Weller",
                      169.0, (1, 2, 5, 10)),
    "dmm": Product("Digital multimeter True-RMS", "9030.31", "EAR99", "FLUKE-87V", "Fluke",
                   420.0, (1, 2, 5)),
    "stripper": Product("Automatic wire stripper 0.2-6 mm2", "8203.20", "", "12 62 180",
                        "Knipex", 38.5, (2, 5, 10)),
    "crimper": Product("Crimping pliers for wire ferrules", "8203.20", "", "97 53 14",
                       "Knipex", 95.0, (1, 2, 5)),
    "heatsink": Product("Heat sink TO-220 21 K/W", "7616.99", "", "577202B00000G", "Aavid",
                        0.74, (100, 250, 500)),
    "enclosure": Product("Enclosure ABS 112x62x31 mm black", "3926.90", "", "1591XXBBK",
                         "Hammond", 4.6, (50, 100, 250)),
    "battery": Product("Li-ion cell 18650 3500 mAh", "8507.60", "EAR99", "INR18650-35E",
                       "Samsung SDI", 3.2, (100, 500, 1000)),
    # On the CHPL (tiers 1 to 4) or in a UAV item group: fine to ordinary customers,
    # reviewed when they go to a diversion-hub country.
    "mlcc_100n": Product("MLCC 100 nF 50 V X7R 0603", "8532.24.00", "EAR99",
                         "GRM188R71H104KA93D", "Murata", 0.0042, (4000, 8000, 20000)),
    "mlcc_10u": Product("MLCC 10 uF 25 V X5R 0805", "8532.24.00", "EAR99", "CL21A106KAYNNNE",
                        "Samsung Electro-Mechanics", 0.018, (4000, 8000, 12000)),
    "tantalum": Product("Tantalum capacitor 10 uF 16 V case A", "8532.21.00", "EAR99",
                        "T491A106K016AT", "KEMET", 0.12, (2000, 4000)),
    "psu_din": Product("Power supply 24 V 6.25 A DIN rail", "8504.40", "EAR99", "HDR-150-24",
                       "Mean Well", 34.0, (10, 20, 50)),
    "psu_box": Product("Power supply 24 V 14.6 A enclosed", "8504.40", "EAR99", "LRS-350-24",
                       "Mean Well", 27.5, (10, 20, 50, 100)),
    "led_driver": Product("LED driver 60 W constant current IP67", "8504.40", "EAR99",
                          "HLG-60H-C1400A", "Mean Well", 24.0, (50, 100, 200)),
    "lm317": Product("Adjustable linear regulator 1.5 A TO-220", "8542.39", "EAR99", "LM317T",
                     "STMicroelectronics", 0.32, (500, 1000, 2000)),
    "lm358": Product("Dual operational amplifier", "8542.33", "EAR99", "LM358DR",
                     "Texas Instruments", 0.09, (2500, 5000)),
    "tmp117": Product("Digital temperature sensor 0.1 C", "8542.39", "EAR99", "TMP117AIDRVR",
                      "Texas Instruments", 1.65, (250, 1000, 3000)),
    "stm32f103": Product("32-bit microcontroller Cortex-M3 64 KB flash", "8542.31.90", "",
                         "STM32F103C8T6", "STMicroelectronics", 2.9, (250, 500, 1000, 2000)),
    "stm32f405": Product("32-bit microcontroller Cortex-M4 1 MB flash", "8542.31.90", "",
                         "STM32F405RGT6", "STMicroelectronics", 8.4, (100, 250, 500)),
    "atmega": Product("8-bit microcontroller AVR 32 KB flash", "8542.31.90", "EAR99",
                      "ATmega328P-AU", "Microchip", 1.95, (250, 500, 1000)),
    "pic": Product("8-bit microcontroller PIC 14 KB flash DIP-40", "8542.31.90", "EAR99",
                   "PIC16F877A-I/P", "Microchip", 4.8, (50, 100, 250)),
    "msp430": Product("16-bit ultra-low-power microcontroller", "8542.31.90", "EAR99",
                      "MSP430G2553IPW20R", "Texas Instruments", 1.45, (500, 1000, 2000)),
    "esp32": Product("Wi-Fi and Bluetooth module", "8517.62", "5A992.c", "ESP32-WROOM-32E",
                     "Espressif", 2.6, (250, 500, 1000)),
    "lora": Product("LoRa transceiver module 868 MHz", "8517.62", "", "RFM95W-868S2",
                    "HopeRF", 4.9, (100, 250, 500)),
    "fpga": Product("FPGA Artix-7 33k logic cells", "8542.39", "3A991.d", "XC7A35T-1CPG236C",
                    "AMD Xilinx", 38.0, (10, 25, 50, 100)),
    "max10": Product("FPGA MAX 10 8k logic elements", "8542.39", "", "10M08SAE144C8G",
                     "Intel", 11.5, (50, 100, 250)),
    "flash": Product("Serial NOR flash 128 Mbit", "8542.32", "EAR99", "W25Q128JVSIQ",
                     "Winbond", 1.1, (500, 1000, 2000)),
    "sdram": Product("SDRAM 256 Mbit 143 MHz", "8542.32", "EAR99", "IS42S16160J-7TL", "ISSI",
                     3.2, (108, 216, 540)),
    "eeprom": Product("EEPROM 256 kbit I2C", "8542.32", "EAR99", "AT24C256C-SSHL-T",
                      "Microchip", 0.42, (1000, 4000)),
    "gnss": Product("GNSS module", "8526.91", "7A994", "NEO-M8N-0", "u-blox", 16.5,
                    (50, 100, 250)),
    "gnss_rtk": Product("Multi-band GNSS module RTK", "8526.91", "7A994", "ZED-F9P-04B",
                        "u-blox", 165.0, (10, 25, 50)),
    "gnss_m10": Product("GNSS module low power", "8526.91", "7A994", "MAX-M10S-00B",
                        "u-blox", 9.8, (100, 250, 500)),
    "imu": Product("6-axis motion sensor (gyroscope and accelerometer)", "8542.39", "",
                   "MPU-6050", "TDK InvenSense", 3.1, (250, 500, 1000)),
    "imu_hp": Product("6-axis IMU high performance", "8542.39", "", "ICM-42688-P",
                      "TDK InvenSense", 2.6, (500, 1000)),
    "imu_ind": Product("Precision IMU 6DoF", "9031.80", "7A994", "ADIS16470AMLZ",
                       "Analog Devices", 560.0, (2, 5, 10)),
    "servo": Product("Digital servo 35 kg-cm metal gear", "8501.10", "EAR99", "HS-5685MH",
                     "Hitec", 69.0, (4, 10, 20)),
    "mosfet": Product("MOSFET N-channel 55 V 47 A logic level", "8541.29", "EAR99",
                      "IRLZ44NPBF", "Infineon", 0.95, (250, 500, 1000)),
    "diode": Product("Rectifier diode 1 A 1000 V", "8541.10", "EAR99", "1N4007-E3/54",
                     "Vishay", 0.035, (2000, 5000)),
    "crystal": Product("Crystal 16 MHz SMD", "8541.60", "EAR99", "ABM8-16.000MHZ-B2-T",
                       "Abracon", 0.38, (1000, 3000)),
    "usb_c": Product("USB-C receptacle 16 pin", "8536.69", "EAR99", "USB4105-GF-A", "GCT",
                     0.55, (500, 1000, 2500)),
    "rj45": Product("RJ45 jack with magnetics", "8536.69", "EAR99", "J1011F01PNL", "Pulse",
                    2.1, (100, 500)),
    "terminal": Product("PCB terminal block 2-pole 5.08 mm", "8536.90", "EAR99", "1729128",
                        "Phoenix Contact", 0.48, (500, 1000)),
    "rpi": Product("Single-board computer Raspberry Pi 4 Model B 4 GB", "8471.50", "5A992.c",
                   "SC0194", "Raspberry Pi", 58.0, (5, 10, 25)),
    "scope": Product("Oscilloscope 70 MHz 4 channels", "9030.20", "EAR99", "DSOX1204A",
                     "Keysight", 1450.0, (1, 2)),
    "bearing": Product("Ball bearing 608-2RSH", "8482.10", "EAR99", "608-2RSH", "SKF", 3.9,
                       (100, 500)),
    "bldc": Product("Brushless outrunner motor 920 KV", "8501.31", "", "MN2212 KV920",
                    "T-Motor", 21.0, (50, 100)),
    "rf_ic": Product("RF agile transceiver 70 MHz-6 GHz", "", "", "AD9361BBCZ",
                     "Analog Devices", 285.0, (10, 20)),
}  # fmt: skip

# What each kind of customer buys, and the end uses its orders give.
PROFILES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "ems": (("res_10k", "res_0r", "mlcc_100n", "mlcc_10u", "tantalum", "cap_elko", "inductor",
             "stm32f103", "atmega", "msp430", "flash", "eeprom", "lm358", "lm317", "crystal",
             "usb_c", "mosfet", "diode", "led_red"),
            ("SMT assembly of customer boards (EMS)", "PCB assembly for industrial drives",
             "Contract manufacturing of heat pump controllers")),
    "automation": (("psu_din", "psu_box", "relay", "prox", "terminal", "fuse", "olflex",
                    "patch", "tact", "heatsink"),
                   ("Control cabinets for packaging machines", "Retrofit of bottling line controls",
                    "Conveyor automation for warehouses")),
    "automation_basic": (("relay", "prox", "fuse", "olflex", "patch", "tact", "heatsink"),
                         ("Control cabinet wiring", "Spare parts for plant maintenance",
                          "Pump station controls")),
    "lighting": (("led_white", "led_red", "res_10k", "res_1k", "cap_elko", "cap_film",
                  "inductor", "led_driver", "heatsink"),
                 ("LED luminaire production", "Street lighting retrofit",
                  "Office lighting panels")),
    "lighting_basic": (("led_white", "led_red", "res_10k", "res_1k", "cap_elko", "cap_film",
                        "inductor", "heatsink"),
                       ("LED luminaire production", "LED strip assembly",
                        "Emergency lighting production")),
    "it": (("laptop", "monitor", "patch", "usb_cable"),
           ("Office laptops for staff", "Resale", "Field service notebooks")),
    "webshop": (("led_red", "led_white", "res_1k", "arduino", "stepper", "dcmotor", "usb_cable",
                 "enclosure", "battery", "tact", "stripper"),
                ("Resale", "Resale (online shop for makers)", "Resale to schools")),
    "university": (("arduino", "nucleo", "rpi", "sht31", "tmp117", "dmm", "solder", "scope",
                    "res_1k", "led_red", "stepper"),
                   ("Teaching lab, electrical engineering", "Student embedded systems course",
                    "Research lab, building physics")),
    "medical": (("stm32f405", "tmp117", "mlcc_100n", "flash", "sdram", "usb_c", "lm358",
                 "enclosure"),
                ("Patient monitor production", "Infusion pump controllers",
                 "Laboratory analyser production")),
    "iot": (("esp32", "lora", "sht31", "battery", "enclosure", "stm32f103", "flash",
             "mlcc_100n"),
            ("Smart water meters", "Soil moisture sensors for farms",
             "Building energy monitoring")),
    "automotive": (("stm32f405", "mosfet", "mlcc_10u", "res_shunt", "usb_c", "lm358",
                    "tantalum"),
                   ("EV wallbox chargers", "Battery management systems for e-bikes",
                    "Seat heating controllers")),
    "survey": (("gnss_rtk", "gnss_m10", "enclosure", "battery", "esp32"),
               ("RTK survey receivers", "Machine guidance for tractors",
                "Fleet trackers for delivery vans")),
    "robotics": (("stepper", "imu_ind", "imu_hp", "stm32f405", "rpi", "dcmotor", "arduino",
                  "battery"),
                 ("Warehouse robots (AGV)", "Educational robot kits",
                  "Robot arm controllers")),
    "power": (("mosfet", "diode", "cap_film", "cap_elko", "inductor", "res_shunt", "psu_box",
               "heatsink"),
              ("Solar inverter production", "UPS production", "Battery charger production")),
    "maintenance": (("solder", "dmm", "stripper", "crimper", "fuse", "relay", "olflex",
                     "patch"),
                    ("Maintenance of production lines", "Workshop tools",
                     "Service vans equipment")),
    "telecom": (("rj45", "psu_box", "fpga", "max10", "patch", "flash", "crystal"),
                ("Fibre network equipment", "Base station repair",
                 "Broadcast encoder production")),
    "audio": (("lm358", "cap_film", "cap_elko", "res_1k", "heatsink", "relay"),
              ("Audio amplifier production", "Studio monitor production",
               "Public address systems")),
    "fpga_lab": (("fpga", "max10", "sdram", "flash", "crystal", "usb_c"),
                 ("Machine vision cameras", "Test equipment production",
                  "Motor control research")),
}  # fmt: skip


# -- customers ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Customer:
    name: str
    country: str  # as the ERP writes it (English name)
    code: str  # ISO alpha-2 for the route cell
    address: str
    city: str  # the delivery place of the route
    profile: str
    bank: str
    currency: str
    air: str = ""  # destination airport, for overseas customers
    sea: str = ""  # destination port, for customers on the Europe-Asia container loops
    oem: str = ""  # the end user of a contract manufacturer's boards
    weight: int = 2  # how often the customer orders


EUROPE = frozenset({"DE", "FR", "IT", "ES", "PL", "NL", "GB", "AT", "CH", "SE", "CZ", "DK",
                    "FI", "BE", "PT", "IE", "LT", "LV"})  # fmt: skip
BY_ROAD = EUROPE | {"TR"}  # trucks from Duisburg

C = Customer
CUSTOMERS: tuple[Customer, ...] = (
    # Germany
    C("Bayerische Antriebstechnik AG", "Germany", "DE", "Lindenweg 3, 90402 Nürnberg",
      "Nürnberg", "automation", "Commerzbank AG", "EUR", weight=4),
    C("Elbtal Leiterplattenbestückung GmbH", "Germany", "DE",
      "Am Lagerplatz 14, 01099 Dresden", "Dresden", "ems", "Deutsche Bank AG", "EUR",
      oem="Vogtland Wärmepumpen GmbH", weight=4),
    C("Schwarzwald Messtechnik GmbH", "Germany", "DE", "Hanferstraße 28, 79108 Freiburg",
      "Freiburg", "medical", "Sparkasse Freiburg-Nördlicher Breisgau", "EUR"),
    C("Technische Hochschule Weserbergland", "Germany", "DE",
      "Fachbereich Elektrotechnik, Am Stockhof 2, 31785 Hameln", "Hameln", "university",
      "Norddeutsche Landesbank", "EUR"),
    C("Lichtwerk Leuchten GmbH", "Germany", "DE", "Altenaer Straße 61, 58507 Lüdenscheid",
      "Lüdenscheid", "lighting", "Commerzbank AG", "EUR", weight=3),
    C("Makerladen Rhein-Main GmbH", "Germany", "DE", "Hanauer Landstraße 291, 60314 Frankfurt",
      "Frankfurt", "webshop", "Frankfurter Sparkasse", "EUR", weight=3),
    C("Saale Geodätische Systeme GmbH", "Germany", "DE", "Göschwitzer Straße 40, 07745 Jena",
      "Jena", "survey", "Deutsche Bank AG", "EUR"),
    # France
    C("Électronique du Val de Loire SAS", "France", "FR",
      "12 rue des Tanneurs, 37000 Tours", "Tours", "ems", "BNP Paribas", "EUR",
      oem="Ardoise Domotique SA", weight=3),
    C("Domotique Atlantique SARL", "France", "FR", "5 quai de la Fosse, 44000 Nantes",
      "Nantes", "iot", "Crédit Agricole Atlantique Vendée", "EUR"),
    C("Institut Polytechnique de Bourgogne", "France", "FR",
      "Laboratoire LE2I, 9 avenue Alain Savary, 21000 Dijon", "Dijon", "university",
      "Société Générale", "EUR"),
    # Italy
    C("Elettronica Brianza S.r.l.", "Italy", "IT", "Via Lecco 112, 20900 Monza",
      "Monza", "ems", "Intesa Sanpaolo S.p.A.", "EUR", oem="Lariana Caldaie S.p.A.",
      weight=3),
    C("Automazioni Emiliane S.p.A.", "Italy", "IT", "Via Emilia Est 1460, 41126 Modena",
      "Modena", "automation", "UniCredit S.p.A.", "EUR"),
    C("Luce Veneta S.r.l.", "Italy", "IT", "Via dell'Industria 8, 35129 Padova", "Padova",
      "lighting", "Intesa Sanpaolo S.p.A.", "EUR"),
    # Spain
    C("Sistemas Electrónicos del Ebro S.L.", "Spain", "ES",
      "Polígono Plaza, Calle Bari 25, 50197 Zaragoza", "Zaragoza", "automotive",
      "Banco Santander S.A.", "EUR"),
    C("Iluminación Levante S.A.", "Spain", "ES", "Avenida del Puerto 180, 46023 Valencia",
      "Valencia", "lighting", "BBVA", "EUR"),
    # Poland
    C("Elektronika Wisła Sp. z o.o.", "Poland", "PL", "ul. Półłanki 64, 30-740 Kraków",
      "Kraków", "ems", "PKO Bank Polski", "EUR", oem="Tatra Ogrzewanie Sp. z o.o.",
      weight=3),
    C("Pomorskie Systemy Automatyki Sp. z o.o.", "Poland", "PL",
      "ul. Trzy Lipy 3, 80-172 Gdańsk", "Gdańsk", "automation", "Bank Pekao S.A.", "PLN"),
    # Netherlands
    C("Polder Sensing B.V.", "Netherlands", "NL", "Molengraaffsingel 12, 2629 JD Delft",
      "Delft", "iot", "ING Bank N.V.", "EUR"),
    C("Brabant Medical Devices B.V.", "Netherlands", "NL",
      "High Tech Campus 27, 5656 AE Eindhoven", "Eindhoven", "medical", "Rabobank", "EUR"),
    # United Kingdom
    C("Pennine Control Systems Ltd", "United Kingdom", "GB",
      "Unit 7, Thornes Park Industrial Estate, Leeds LS11 5BS", "Leeds", "automation",
      "Barclays Bank UK PLC", "GBP", weight=3),
    C("Thames Valley Embedded Ltd", "United Kingdom", "GB",
      "14 Gresham Way, Reading RG30 6AW", "Reading", "fpga_lab", "Lloyds Bank plc", "GBP"),
    C("Peak District Makers Ltd", "United Kingdom", "GB",
      "Unit 4, Riverside Business Park, Buxton SK17 6AZ", "Buxton", "webshop",
      "Barclays Bank UK PLC", "GBP"),
    C("Severn Robotics Education Ltd", "United Kingdom", "GB",
      "3 Feeder Road, Bristol BS2 0SB", "Bristol", "robotics", "HSBC UK Bank plc", "GBP"),
    # United States
    C("Great Lakes Motion Controls Inc.", "United States", "US",
      "2300 Green Road, Ann Arbor, MI 48105", "Ann Arbor", "automation",
      "JPMorgan Chase Bank, N.A.", "USD", air="Detroit", weight=3),
    C("Cascade Medical Instruments LLC", "United States", "US",
      "1500 NW Bethany Blvd, Beaverton, OR 97006", "Beaverton", "medical",
      "Wells Fargo Bank, N.A.", "USD", air="Portland"),
    C("Lone Star Power Electronics Inc.", "United States", "US",
      "8800 Burnet Road, Austin, TX 78757", "Austin", "power", "Bank of America, N.A.", "USD",
      air="Austin"),
    # Canada
    C("Laurentian Embedded Solutions Inc.", "Canada", "CA",
      "4200 boulevard Saint-Laurent, Montréal, QC H2W 2R2", "Montréal", "iot",
      "Royal Bank of Canada", "CAD", air="Montréal"),
    C("Prairie Agritech Sensors Ltd.", "Canada", "CA",
      "110 Research Drive, Saskatoon, SK S7N 3R3", "Saskatoon", "survey",
      "The Toronto-Dominion Bank", "CAD", air="Saskatoon"),
    # Japan
    C("Sakura Office Solutions K.K.", "Japan", "JP", "2-4-1 Shibakoen, Minato-ku, Tokyo",
      "Tokyo", "it", "MUFG Bank, Ltd.", "JPY", air="Tokyo Narita"),
    C("Tenryu Denshi Kogyo K.K.", "Japan", "JP", "1-12 Sunayama-cho, Naka-ku, Hamamatsu",
      "Hamamatsu", "ems", "Shizuoka Bank, Ltd.", "JPY", air="Nagoya Chubu",
      oem="Enshu Gakki Seisakusho K.K.", weight=3),
    C("Kansai Robotics Co., Ltd.", "Japan", "JP", "3-6-11 Kitahama, Chuo-ku, Osaka",
      "Osaka", "robotics", "Sumitomo Mitsui Banking Corporation", "JPY",
      air="Osaka Kansai"),
    # South Korea
    C("Hanbit Electronics Co., Ltd.", "South Korea", "KR",
      "45 Samsung-ro 168beon-gil, Yeongtong-gu, Suwon", "Suwon", "ems", "Shinhan Bank", "USD",
      air="Seoul Incheon", sea="Busan", oem="Gyeonggi Boiler Co., Ltd.", weight=3),
    C("Daedeok Smart Sensor Inc.", "South Korea", "KR", "193 Munji-ro, Yuseong-gu, Daejeon",
      "Daejeon", "iot", "KB Kookmin Bank", "USD", air="Seoul Incheon"),
    # Australia
    C("Southern Cross Instruments Pty Ltd", "Australia", "AU",
      "22 Fullarton Road, Norwood SA 5067", "Adelaide", "university",
      "Westpac Banking Corporation", "AUD", air="Adelaide"),
    C("Coral Coast Solar Pty Ltd", "Australia", "AU",
      "14 Lavarack Avenue, Eagle Farm QLD 4009", "Brisbane", "power",
      "Commonwealth Bank of Australia", "AUD", air="Brisbane"),
    # Other Europe
    C("Alpenländische Steuerungstechnik GmbH", "Austria", "AT",
      "Industriezeile 36, 4020 Linz", "Linz", "automation", "Raiffeisenlandesbank OÖ",
      "EUR"),
    C("Zürcher Präzisionsmesstechnik AG", "Switzerland", "CH",
      "Technoparkstrasse 1, 8406 Winterthur", "Winterthur", "fpga_lab",
      "Zürcher Kantonalbank", "CHF"),
    C("Norrland Sensorik AB", "Sweden", "SE", "Tvistevägen 48, 907 36 Umeå", "Umeå", "iot",
      "Svenska Handelsbanken", "EUR"),
    C("Moravská Elektronika s.r.o.", "Czech Republic", "CZ", "Purkyňova 99, 612 00 Brno",
      "Brno", "ems", "Komerční banka", "EUR", oem="Hanácké Kotle a.s.", weight=3),
    C("Fyn Automation ApS", "Denmark", "DK", "Forskerparken 10, 5230 Odense", "Odense",
      "automation", "Danske Bank", "EUR"),
    C("Tampere Embedded Oy", "Finland", "FI", "Hermiankatu 6, 33720 Tampere", "Tampere",
      "telecom", "Nordea Bank Abp", "EUR"),
    C("Flanders Lighting NV", "Belgium", "BE", "Industrieweg 120, 9032 Gent", "Gent",
      "lighting", "KBC Bank", "EUR"),
    C("Porto Electrónica Lda.", "Portugal", "PT",
      "Rua do Campo Alegre 823, 4150-180 Porto", "Porto", "audio", "Millennium bcp", "EUR"),
    C("Corrib Medical Devices Ltd", "Ireland", "IE",
      "Parkmore West Business Park, Galway H91 X2Y3", "Galway", "medical",
      "Bank of Ireland", "EUR"),
    # Asia-Pacific, not diversion hubs
    C("Waikato Farm Systems Ltd", "New Zealand", "NZ",
      "Ruakura Lane 9, Hamilton 3216", "Hamilton", "survey", "ANZ Bank New Zealand", "USD",
      air="Auckland"),
    C("Dong Nai Electronics Assembly JSC", "Vietnam", "VN",
      "Road 9A, Bien Hoa II Industrial Zone, Dong Nai", "Bien Hoa", "ems", "Vietcombank",
      "USD", air="Ho Chi Minh City", oem="Saigon Appliance Co., Ltd."),
    # Diversion-hub countries (FinCEN/BIS, Tri-Seal, Treasury): CHPL items are reviewed.
    C("Pune Automation Systems Pvt. Ltd.", "India", "IN",
      "Plot 42, MIDC Bhosari, Pune 411026", "Pune", "automation_basic", "HDFC Bank Ltd.",
      "USD", air="Mumbai"),
    C("Deccan Lighting Pvt. Ltd.", "India", "IN",
      "Survey No. 18, Kukatpally Industrial Estate, Hyderabad 500072", "Hyderabad",
      "lighting_basic", "ICICI Bank Ltd.", "USD", air="Hyderabad"),
    C("Nilgiri Embedded Technologies Pvt. Ltd.", "India", "IN",
      "No. 7, 2nd Cross, Electronic City Phase 1, Bengaluru 560100", "Bengaluru", "ems",
      "State Bank of India", "USD", air="Bengaluru", oem="Kaveri Home Appliances Ltd."),
    C("Eletrônica Paulista Ltda.", "Brazil", "BR",
      "Rua Dr. Ricardo Benetton Martins 1000, Campinas SP 13086-902", "Campinas",
      "lighting_basic", "Itaú Unibanco S.A.", "USD", air="São Paulo Viracopos"),
    C("Informática Gaúcha Ltda.", "Brazil", "BR",
      "Avenida Ipiranga 6681, Porto Alegre RS 90619-900", "Porto Alegre", "it",
      "Banco Bradesco S.A.", "USD", air="Porto Alegre"),
    C("Ensambles Electrónicos del Bajío S.A. de C.V.", "Mexico", "MX",
      "Parque Industrial Querétaro, Av. La Noria 110, 76220 Querétaro", "Querétaro",
      "automotive", "BBVA México", "USD", air="Querétaro"),
    C("Soluciones Informáticas Regiomontanas S.A. de C.V.", "Mexico", "MX",
      "Av. Constitución 2050, 64000 Monterrey, N.L.", "Monterrey", "it", "Banorte", "USD",
      air="Monterrey"),
    C("Merlion Precision Engineering Pte Ltd", "Singapore", "SG",
      "21 Kallang Avenue, #05-170, Singapore 339412", "Singapore", "automation_basic",
      "DBS Bank Ltd.", "USD", air="Singapore Changi", sea="Singapore"),
    C("Straits Medical Technologies Pte Ltd", "Singapore", "SG",
      "1 Science Park Road, #03-12, Singapore 117528", "Singapore", "medical",
      "OCBC Bank", "USD", air="Singapore Changi"),
    C("Al Waha Building Automation LLC", "United Arab Emirates", "AE",
      "Plot 17, Mussafah Industrial Area M-26, Abu Dhabi", "Abu Dhabi", "automation_basic",
      "First Abu Dhabi Bank", "USD", air="Abu Dhabi"),
    C("Creekside Office Systems LLC", "United Arab Emirates", "AE",
      "Warehouse 5, Street 17, Al Quoz Industrial Area 3, Dubai", "Dubai", "it",
      "Emirates NBD", "USD", air="Dubai"),
    C("Ege Otomasyon Sistemleri A.Ş.", "Turkey", "TR",
      "Atatürk Organize Sanayi Bölgesi, 10003 Sokak No. 5, 35620 Çiğli, İzmir", "İzmir",
      "automation_basic", "Türkiye İş Bankası A.Ş.", "EUR", air="İzmir"),
    C("Anadolu Aydınlatma San. ve Tic. Ltd. Şti.", "Turkey", "TR",
      "Büyükkayacık OSB, 8. Sokak No. 21, 42050 Selçuklu, Konya", "Konya", "lighting_basic",
      "Akbank T.A.Ş.", "EUR", air="Konya"),
    C("Bosphorus Telekom Sistemleri A.Ş.", "Turkey", "TR",
      "Maslak Mah. Büyükdere Cad. No. 255, 34398 Sarıyer, İstanbul", "İstanbul", "telecom",
      "Garanti BBVA", "EUR", air="İstanbul"),
    C("Karaganda Mining Automation LLP", "Kazakhstan", "KZ",
      "Bukhar-Zhyrau Avenue 47, 100000 Karaganda", "Karaganda", "maintenance",
      "Halyk Bank JSC", "USD", air="Karaganda"),
    C("Astana Smart City Solutions LLP", "Kazakhstan", "KZ",
      "Mangilik El Avenue 55/21, 010000 Astana", "Astana", "it", "Bank CenterCredit JSC",
      "USD", air="Astana"),
    C("Suzhou Jinghua Automation Co., Ltd.", "China", "CN",
      "88 Suhong Middle Road, Suzhou Industrial Park, Suzhou 215021", "Suzhou",
      "automation_basic", "Bank of China", "USD", air="Shanghai Pudong",
      sea="Shanghai"),
    C("Ningbo Lumen Lighting Co., Ltd.", "China", "CN",
      "No. 9 Xingye Road, Beilun District, Ningbo 315800", "Ningbo", "lighting_basic",
      "Industrial and Commercial Bank of China", "USD", air="Shanghai Pudong",
      sea="Ningbo"),
    C("Kowloon Bay Instruments Ltd", "Hong Kong", "HK",
      "Unit 1203, 12/F, Kowloon Bay Industrial Centre, 15 Wang Hoi Road, Kowloon Bay",
      "Hong Kong", "maintenance", "Hang Seng Bank Limited", "USD",
      air="Hong Kong"),
    C("Galilee Medical Imaging Ltd.", "Israel", "IL",
      "Hamada Street 5, Yokneam Illit 2069205", "Yokneam", "medical",
      "Bank Leumi le-Israel B.M.", "USD", air="Tel Aviv"),
    C("Negev Solar Controls Ltd.", "Israel", "IL",
      "Gav-Yam Negev Park, Building 2, Be'er Sheva 8489325", "Be'er Sheva", "power",
      "Bank Hapoalim B.M.", "USD", air="Tel Aviv"),
    C("Highveld Mining Electronics (Pty) Ltd", "South Africa", "ZA",
      "17 Quality Road, Isando, Kempton Park 1600", "Johannesburg", "maintenance",
      "The Standard Bank of South Africa", "USD", air="Johannesburg"),
    C("Cape Agri Sensors (Pty) Ltd", "South Africa", "ZA",
      "Techno Park, 3 Electron Street, Stellenbosch 7600", "Stellenbosch", "iot",
      "FirstRand Bank (FNB)", "USD", air="Cape Town"),
)  # fmt: skip

ROAD_FORWARDERS = ("Dachser SE", "DB Schenker", "DSV Road GmbH")
AIR_FORWARDERS = ("DHL Global Forwarding", "Kuehne + Nagel", "DSV Air & Sea")
COURIERS = {"DHL Express": "Leipzig (DE)", "UPS": "Cologne (DE)", "FedEx": "Duisburg (DE)"}
# Container ships of the Europe-Asia loops (name, IMO).
VESSELS = (("Ever Given", "9811000"), ("MSC Gülsün", "9839430"), ("HMM Algeciras", "9863297"),
           ("Madrid Maersk", "9778791"), ("CMA CGM Jacques Saade", "9839179"))  # fmt: skip
NOTES = (
    "Partial deliveries accepted", "Deliver Mon-Fri 7:00-15:00, gate 2",
    "Components in original reels only", "MSL3 parts: dry pack required",
    "Please include certificate of conformity", "Ship complete",
    "Please label cartons with our PO number", "Call consignee before delivery",
    "Urgent: customer line stop", "Framework agreement FA-2026-{n}", "Customer PO 45000{n}",
)  # fmt: skip


# -- rows -----------------------------------------------------------------------------


@dataclass(slots=True)
class Line:
    product: Product
    qty: int
    hs: str | None = None  # overrides the catalogue (a missing code)


@dataclass(slots=True)
class Order:
    """One order as the ERP holds it; every field but the lines repeats on each row."""

    customer: str
    customer_country: str
    customer_address: str
    lines: list[Line]
    currency: str
    route: str
    payer_country: str
    payment: str
    end_use: str
    ship_to: str = ""
    ship_to_country: str = ""
    ship_to_address: str = ""
    end_user: str = ""
    end_user_country: str = ""
    forwarder: str = ""
    bank: str = ""
    vessel: str = ""
    imo: str = ""
    incoterms: str = "DAP"
    notes: str = ""
    discount: float = 0.0  # the customer's price agreement


def unit_price(product: Product, currency: str, discount: float) -> str:
    """The price list in EUR, converted and rounded the way an ERP prints prices."""
    value = product.price_eur * FX[currency] * (1 - discount)
    if currency == "JPY":
        return f"{value:.2f}" if value < 100 else f"{round(value):d}"
    if value < 1:
        return f"{value:.4f}"
    return f"{value:.2f}"


def order_rows(order_no: str, day: dt.date, order: Order) -> list[dict[str, str]]:
    rows = []
    for number, line in enumerate(order.lines, start=1):
        p = line.product
        rows.append({
            "Order No.": order_no, "Line No.": str(number * 10), "Order Date": day.isoformat(),
            "Customer": order.customer, "Customer Country": order.customer_country,
            "Customer Address": order.customer_address,
            "Ship-to": order.ship_to or order.customer,
            "Ship-to Country": order.ship_to_country or order.customer_country,
            "Ship-to Address": order.ship_to_address or order.customer_address,
            "End User": order.end_user, "End User Country": order.end_user_country,
            "Forwarder": order.forwarder, "Bank": order.bank, "Vessel": order.vessel,
            "Vessel IMO": order.imo, "Item Description": p.description,
            "HS Code": p.hs if line.hs is None else line.hs, "ECCN": p.eccn,
            "Part No.": p.part, "Manufacturer": p.maker, "Qty": str(line.qty),
            "Unit Price": unit_price(p, order.currency, order.discount),
            "Currency": order.currency, "Incoterms": order.incoterms, "Route": order.route,
            "Payer Country": order.payer_country, "Payment Method": order.payment,
            "End Use": order.end_use, "Notes": order.notes,
        })  # fmt: skip
    return rows


# -- ordinary orders ------------------------------------------------------------------


def _lines(rng: random.Random, customer: Customer) -> list[Line]:
    pool, _ = PROFILES[customer.profile]
    count = rng.choices((1, 2, 3, 4), weights=(30, 32, 23, 15))[0]
    keys = rng.sample(pool, min(count, len(pool)))
    lines = [Line(CATALOGUE[k], rng.choice(CATALOGUE[k].lots)) for k in keys]
    for line in lines:
        if rng.random() < 0.04:  # HS code not maintained for this article
            line.hs = ""
    return lines


def _value_eur(lines: Sequence[Line]) -> float:
    return sum(line.product.price_eur * line.qty for line in lines)


def _transport(rng: random.Random, customer: Customer, value: float, order: Order) -> None:
    """Route, forwarder, vessel and Incoterms: road in Europe, courier for small parcels
    overseas, air or sea freight for the rest."""
    if customer.code in BY_ROAD and (value > 400 or rng.random() < 0.5):
        order.forwarder = rng.choice(ROAD_FORWARDERS)
        order.route = f"Duisburg (DE) > {customer.city} ({customer.code})"
        order.incoterms = "DAP"
        return
    if value < 1500 or not customer.air:
        order.forwarder = rng.choice(sorted(COURIERS))
        where = customer.air or customer.city
        order.route = f"{COURIERS[order.forwarder]} > {where} ({customer.code})"
        order.incoterms = "DAP"
        return
    if customer.sea and rng.random() < 0.5:
        order.forwarder = rng.choice(("Kuehne + Nagel", "DB Schenker"))
        order.vessel, order.imo = rng.choice(VESSELS)
        order.route = f"Hamburg (DE) > {customer.sea} ({customer.code})"
        order.incoterms = rng.choice(("FOB", "CIF"))
        return
    order.forwarder = rng.choice(AIR_FORWARDERS)
    order.route = f"Frankfurt (DE) > {customer.air} ({customer.code})"
    order.incoterms = rng.choice(("FCA", "CPT", "CIP"))


def _payment(rng: random.Random, customer: Customer, value: float) -> tuple[str, str]:
    if customer.profile in ("university", "webshop") and value < 3000 and rng.random() < 0.5:
        return "Credit card", ""
    if customer.code not in EUROPE and value > 20000 and rng.random() < 0.5:
        return "Letter of credit", customer.bank
    return "Wire transfer", customer.bank


def _end_user(rng: random.Random, customer: Customer) -> tuple[str, str]:
    if customer.oem and rng.random() < 0.6:
        return customer.oem, customer.country
    roll = rng.random()
    if roll < 0.55:
        return customer.name, customer.country
    return "", ""


def ordinary_order(rng: random.Random, customer: Customer, serial: int) -> Order:
    lines = _lines(rng, customer)
    _, uses = PROFILES[customer.profile]
    end_use = rng.choice(uses)
    value = _value_eur(lines)
    payment, bank = _payment(rng, customer, value)
    end_user, end_user_country = _end_user(rng, customer)
    note = rng.choice(NOTES) if rng.random() < 0.3 else ""
    order = Order(
        customer=customer.name, customer_country=customer.country,
        customer_address=customer.address, lines=lines, currency=customer.currency,
        route="", payer_country=customer.country, payment=payment, end_use=end_use,
        end_user=end_user, end_user_country=end_user_country, bank=bank,
        notes=note.format(n=10000 + serial * 37),
        discount=rng.choice((0.0, 0.0, 0.03, 0.05, 0.08)),
    )  # fmt: skip
    _transport(rng, customer, value, order)
    return order


# -- buried cases ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Buried:
    key: str
    pattern: str
    expected: str  # BLOCK | REVIEW
    order: Order


def _buried_cases() -> list[Buried]:
    """The dozen cases of the guidance's patterns, each in an ordinary-looking order."""
    cat = CATALOGUE
    return [
        Buried("transliterated", "Designated entity behind a transliterated name: 'Ghods "
               "Aviation Industry Co' is Qods Aviation Industries (OFAC SDN), Dubai address",
               "BLOCK", Order(
                   "Ghods Aviation Industry Co", "United Arab Emirates",
                   "Office 1407, Al Attar Business Tower, Sheikh Zayed Road, Dubai",
                   [Line(cat["stm32f405"], 500), Line(cat["imu"], 500)], "USD",
                   "Frankfurt (DE) > Dubai (AE)", "United Arab Emirates",
                   "Wire transfer", "Crop-spraying drones for agriculture",
                   end_user="Ghods Aviation Industry Co", end_user_country="United Arab Emirates",
                   forwarder="DHL Global Forwarding", incoterms="CPT")),
        Buried("cyrillic", "Designated entity in Cyrillic: 'ООО Алабуга Девелопмент' is "
               "Alabuga Development OOO (Alabuga SEZ network)", "BLOCK", Order(
                   "ООО Алабуга Девелопмент", "Russia", "ул. Пушкина 15, 420111 Казань",
                   [Line(cat["olflex"], 1000), Line(cat["relay"], 500)], "EUR",
                   "Duisburg (DE) > Kazan (RU)", "Russia", "Wire transfer",
                   "Building services of a new office block", forwarder="DSV Road GmbH")),
        Buried("legal-form", "Designated entity under another legal form: 'Kimia Part Sivan "
               "Co. Ltd' is Kimia Part Sivan Company LLC (KIPAS, OFAC SDN), Istanbul address",
               "BLOCK", Order(
                   "Kimia Part Sivan Co. Ltd", "Turkey",
                   "Halkalı Merkez Mah., Basın Ekspres Cad. No. 9, 34303 Küçükçekmece, İstanbul",
                   [Line(cat["bearing"], 500), Line(cat["bldc"], 100)], "EUR",
                   "Frankfurt (DE) > İstanbul (TR)", "Turkey", "Wire transfer",
                   "Fans for industrial ventilation", forwarder="Kuehne + Nagel",
                   incoterms="FCA")),
        Buried("hk-front", "Designated Hong Kong front with the place word dropped and another "
               "legal form: 'Himark Electron Model Ltd.' is Hongkong Himark Electron Model "
               "Limited (OFAC SDN)", "BLOCK", Order(
                   "Himark Electron Model Ltd.", "Hong Kong",
                   "Flat 9, 17/F, Wing Tat Commercial Building, 97 Bonham Strand, Sheung Wan",
                   [Line(cat["servo"], 300), Line(cat["gnss"], 200)], "USD",
                   "Leipzig (DE) > Hong Kong (HK)", "Hong Kong", "Wire transfer",
                   "Radio-controlled model aircraft", forwarder="DHL Express")),
        Buried("end-user", "Designated end user behind an ordinary buyer: the Armenian buyer's "
               "end-user statement names Shahed Aviation Industries (Iran)", "BLOCK", Order(
                   "Ararat Microsystems LLC", "Armenia",
                   "Tigran Mets Avenue 48, 0005 Yerevan",
                   [Line(cat["fpga"], 100), Line(cat["flash"], 1000)], "USD",
                   "Frankfurt (DE) > Yerevan (AM)", "Armenia", "Wire transfer",
                   "Image processing boards", end_user="Shahed Aviation Industries",
                   end_user_country="Iran", forwarder="DSV Air & Sea", bank="Ameriabank CJSC",
                   incoterms="CPT")),
        Buried("hub-route", "CHPL tier 1 parts (STM32, AD9361 without HS code) to an "
               "ordinary-looking buyer in Kazakhstan, routed through Jebel Ali, end use "
               "'resale'", "REVIEW", Order(
                   "Zhetysu Engineering LLP", "Kazakhstan",
                   "Raiymbek Avenue 348, 050061 Almaty",
                   [Line(cat["stm32f405"], 2000), Line(cat["rf_ic"], 20)], "USD",
                   "Hamburg (DE) > Jebel Ali (AE) > Almaty (KZ)", "Kazakhstan",
                   "Wire transfer", "Resale", forwarder="DB Schenker", bank="Halyk Bank JSC",
                   incoterms="CIF")),
        Buried("makhachkala", "Shipment to Makhachkala: GNSS modules and servos for a Baku "
               "buyer, delivered to Dagestan via Baku (the Caspian route)", "BLOCK", Order(
                   "Absheron Tech Solutions LLC", "Azerbaijan",
                   "Nobel Avenue 25, AZ1025 Baku",
                   [Line(cat["gnss"], 250), Line(cat["servo"], 20)], "USD",
                   "Hamburg (DE) > Istanbul (TR) > Baku (AZ) > Makhachkala (RU)", "Azerbaijan",
                   "Wire transfer", "Vehicle tracking systems",
                   ship_to="Absheron Tech Solutions LLC (branch)", ship_to_country="Russia",
                   ship_to_address="ul. Yermoshkina 12, 367000 Makhachkala, Republic of Dagestan",
                   forwarder="DB Schenker", bank="Kapital Bank OJSC", incoterms="DAP")),
        Buried("alabuga", "Alabuga address: a Kazakh buyer's ship-to is in the Alabuga special "
               "economic zone (Yelabuga, Tatarstan)", "BLOCK", Order(
                   "Irtysh Industrial Supply LLP", "Kazakhstan",
                   "Lomov Street 45, 140000 Pavlodar",
                   [Line(cat["stm32f103"], 1000), Line(cat["mlcc_100n"], 20000),
                    Line(cat["res_10k"], 20000)], "USD",
                   "Duisburg (DE) > Pavlodar (KZ)", "Kazakhstan", "Wire transfer",
                   "Control boards for pumps",
                   ship_to="Irtysh Industrial Supply LLP (warehouse)", ship_to_country="Russia",
                   ship_to_address="Alabuga SEZ, ul. Sh-2, bld. 4/1, 423600 Yelabuga, "
                                   "Republic of Tatarstan",
                   forwarder="Dachser SE", bank="Halyk Bank JSC")),
        Buried("third-country-payer", "Payment from a third country: a new Polish customer's "
               "FPGAs and memories are paid from Hong Kong", "REVIEW", Order(
                   "Vistula Power Systems Sp. z o.o.", "Poland",
                   "ul. Grochowska 306, 03-840 Warszawa",
                   [Line(cat["fpga"], 100), Line(cat["flash"], 2000)], "EUR",
                   "Duisburg (DE) > Warszawa (PL)", "Hong Kong", "Wire transfer",
                   "Motor drive inverters", end_user="Vistula Power Systems Sp. z o.o.",
                   end_user_country="Poland", forwarder="DB Schenker",
                   bank="The Bank of East Asia, Limited", notes="Invoice to be settled by our "
                   "partner in Hong Kong")),
        Buried("forwarder", "Freight forwarder as ship-to: a Georgian buyer's GNSS and radio "
               "modules go to a forwarding company in Poti", "REVIEW", Order(
                   "Kartli Systems LLC", "Georgia", "Vazha-Pshavela Avenue 71, 0186 Tbilisi",
                   [Line(cat["gnss"], 200), Line(cat["esp32"], 500)], "USD",
                   "Hamburg (DE) > Poti (GE)", "Georgia", "Wire transfer",
                   "Telemetry units for buses", ship_to="Kolkheti Freight Forwarding LLC",
                   ship_to_country="Georgia", ship_to_address="Gegidze Street 12, 4400 Poti",
                   forwarder="Kuehne + Nagel", bank="TBC Bank JSC", incoterms="CIF")),
        Buried("crypto", "Crypto payment: a Latvian start-up pays for microcontrollers and IMUs "
               "in USDT", "REVIEW", Order(
                   "Baltic Embedded SIA", "Latvia", "Brīvības iela 155, LV-1012 Rīga",
                   [Line(cat["stm32f405"], 250), Line(cat["imu_hp"], 500)], "EUR",
                   "Duisburg (DE) > Rīga (LV)", "Latvia", "Crypto (USDT)",
                   "Wearable fitness trackers", end_user="Baltic Embedded SIA",
                   end_user_country="Latvia", forwarder="DSV Road GmbH")),
        Buried("markings", "'Please remove the markings' in the notes: a Lithuanian buyer of "
               "FPGAs and op-amps", "REVIEW", Order(
                   "Nemunas Components UAB", "Lithuania", "Savanorių pr. 180, LT-50184 Kaunas",
                   [Line(cat["fpga"], 50), Line(cat["lm358"], 5000)], "EUR",
                   "Duisburg (DE) > Kaunas (LT)", "Lithuania", "Wire transfer",
                   "Industrial camera production", end_user="Nemunas Components UAB",
                   end_user_country="Lithuania", forwarder="Dachser SE",
                   bank="Swedbank AB", notes="Please remove the markings from the chips "
                   "before packing and ship in neutral boxes")),
        Buried("hobby", "Hobby/RC firm ordering servos, GNSS modules and motors in bulk "
               "(Malaysia)", "REVIEW", Order(
                   "Borneo RC Hobby Centre Sdn Bhd", "Malaysia",
                   "Lot 12, Block B, Inanam Business Centre, 88450 Kota Kinabalu, Sabah",
                   [Line(cat["servo"], 800), Line(cat["gnss"], 400), Line(cat["bldc"], 800)],
                   "USD", "Frankfurt (DE) > Kuala Lumpur (MY)", "Malaysia",
                   "Wire transfer", "Retail to hobbyists", forwarder="DHL Global Forwarding",
                   bank="Maybank", incoterms="CPT")),
        Buried("crimea", "Consignee in Crimea: a Turkish buyer's ship-to is in Sevastopol",
               "BLOCK", Order(
                   "Karadeniz Marine Electronics Ltd. Şti.", "Turkey",
                   "Kemeraltı Cad. No. 40, 34425 Karaköy, İstanbul",
                   [Line(cat["patch"], 200), Line(cat["led_white"], 10000)], "EUR",
                   "Hamburg (DE) > Istanbul (TR) > Sevastopol (UA)", "Turkey",
                   "Wire transfer", "Ship lighting refit",
                   ship_to="Tavria Marine Service LLC", ship_to_country="Ukraine",
                   ship_to_address="ul. Bolshaya Morskaya 12, 299011 Sevastopol",
                   forwarder="DB Schenker", bank="Akbank T.A.Ş.", incoterms="CIF")),
        Buried("vessel", "Designated vessel as carrier: Port Olya-3 (IMO 9481910, OFAC SDN) "
               "carries a Kazakh buyer's goods across the Caspian", "BLOCK", Order(
                   "Mangystau Drilling Services LLP", "Kazakhstan",
                   "Microdistrict 14, Building 27, 130000 Aktau",
                   [Line(cat["psu_box"], 50), Line(cat["olflex"], 1000)], "USD",
                   "Hamburg (DE) > Poti (GE) > Baku (AZ) > Aktau (KZ)", "Kazakhstan",
                   "Letter of credit", "Drilling rig control cabinets",
                   end_user="Mangystau Drilling Services LLP", end_user_country="Kazakhstan",
                   forwarder="DB Schenker", bank="Halyk Bank JSC", vessel="Port Olya-3",
                   imo="9481910", incoterms="CIF")),
    ]  # fmt: skip


# -- the book -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BuriedCase:
    """Where a buried case ended up: the key of caspian/examples/README.md."""

    order_no: str
    key: str
    pattern: str
    expected: str


def _order_no(index: int) -> str:
    return f"SO-2026-{index + 1:04d}"


def _day(index: int, total: int) -> dt.date:
    """Orders fill ten working days evenly, in order-number order."""
    working = index * WORKING_DAYS // total
    return FIRST_DAY + dt.timedelta(days=working + 2 * (working // 5))


def build_book(seed: int = SEED) -> tuple[list[dict[str, str]], list[BuriedCase]]:
    """The book's rows, and where each buried case is."""
    rng = random.Random(seed)
    buried = _buried_cases()
    # Spread the buried cases over the book, one in each stretch of it.
    step = (ORDERS - 20) // len(buried)
    slots = [10 + i * step + rng.randrange(step) for i in range(len(buried))]
    placed = dict(zip(slots, buried, strict=True))
    weights = [c.weight for c in CUSTOMERS]
    rows: list[dict[str, str]] = []
    cases: list[BuriedCase] = []
    for index in range(ORDERS):
        order_no, day = _order_no(index), _day(index, ORDERS)
        case = placed.get(index)
        if case is not None:
            order = case.order
            cases.append(BuriedCase(order_no, case.key, case.pattern, case.expected))
        else:
            order = ordinary_order(rng, rng.choices(CUSTOMERS, weights=weights)[0], index)
        rows.extend(order_rows(order_no, day, order))
    return rows, cases


def csv_text(rows: Sequence[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_xlsx(rows: Sequence[dict[str, str]], path: Path) -> bool:
    """The same book as an Excel sheet (numbers as numbers); False without openpyxl."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
    except ImportError:
        return False
    numeric = {"Line No.", "Qty", "Unit Price"}
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Orders"
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([float(row[c]) if c in numeric and "." in row[c]
                      else int(row[c]) if c in numeric else row[c] for c in COLUMNS])  # fmt: skip
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    price = COLUMNS.index("Unit Price") + 1
    for (cell,) in sheet.iter_rows(min_row=2, min_col=price, max_col=price):
        cell.number_format = "#,##0.00##"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    fixed = dt.datetime(2026, 3, 13, 18, 0, 0)
    book.properties.creator = "Rhein Components Distribution GmbH (ERP export)"
    book.properties.created = book.properties.modified = fixed
    book.save(path)
    _make_reproducible(path, fixed)
    return True


def _make_reproducible(path: Path, when: dt.datetime) -> None:
    """Pin the times openpyxl takes from the clock (the zip members' and the 'modified'
    property it sets on save), so regenerating the .xlsx changes no byte."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in members:
            if name == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
            member = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, content)


def write_book(
    out_dir: Path, seed: int = SEED, *, xlsx: bool = True
) -> tuple[list[BuriedCase], int]:
    """Write order_book.csv (and .xlsx when asked and openpyxl is there) into out_dir;
    the buried cases and the number of rows written."""
    rows, cases = build_book(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / CSV_NAME).write_text(csv_text(rows), encoding="utf-8", newline="")
    if xlsx and not write_xlsx(rows, out_dir / XLSX_NAME):
        print(f"openpyxl is not installed: {XLSX_NAME} not written", file=sys.stderr)
    return cases, len(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--out-dir", type=Path, default=REPO / "caspian" / "examples")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--no-xlsx", action="store_true", help="Write the CSV only.")
    args = parser.parse_args(argv)
    cases, rows = write_book(args.out_dir, args.seed, xlsx=not args.no_xlsx)
    print(f"wrote {args.out_dir / CSV_NAME}: {ORDERS} orders, {rows} lines; buried cases:")
    for case in cases:
        print(f"  {case.order_no}  {case.expected:6}  {case.key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
